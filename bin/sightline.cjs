#!/usr/bin/env node
// `npx sightline …` and the package's bin: runs the bundled CLI (built by `npm install`).
require('../dist/cli.js');
