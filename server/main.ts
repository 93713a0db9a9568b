// language server entry (see docs/architecture.md)
