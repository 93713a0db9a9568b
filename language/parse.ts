// Parses one definition file into its Langium AST plus syntax diagnostics.
// Uses Langium's core services only (no LSP module), so the CLI bundle stays small.
import { createDefaultCoreModule, createDefaultSharedCoreModule, EmptyFileSystem, inject, type AstNode, type LangiumCoreServices } from 'langium';
import { SightlineGeneratedModule, SightlineGeneratedSharedModule } from './generated/module.js';
import type { Document } from './generated/ast.js';
import { humanizeParserMessage } from './syntax-messages.js';
import { SightlineValueConverter } from './value-converter.js';

let services: LangiumCoreServices | undefined;

/** The Sightline core services, created once per process (building the parser costs ~50 ms). */
export function sightlineCoreServices(): LangiumCoreServices {
  if (!services) {
    const shared = inject(createDefaultSharedCoreModule(EmptyFileSystem), SightlineGeneratedSharedModule);
    services = inject(createDefaultCoreModule({ shared }), SightlineGeneratedModule, {
      parser: { ValueConverter: () => new SightlineValueConverter() },
    });
    shared.ServiceRegistry.register(services);
  }
  return services;
}

export interface SyntaxError {
  message: string;
  /** 0-based offsets into the text. */
  start: number;
  end: number;
}

export interface ParsedDocument {
  ast: Document;
  errors: SyntaxError[];
}

export function parseDocument(text: string): ParsedDocument {
  return parseRule<Document>(text);
}

/**
 * Parses `text` as one `rule` of the grammar (default: the whole Document); the text must
 * hold exactly that. The incremental parser parses single blocks and members this way.
 */
export function parseRule<T extends AstNode>(text: string, rule?: string): { ast: T; errors: SyntaxError[] } {
  const services = sightlineCoreServices();
  const result = services.parser.LangiumParser.parse<T>(text, rule ? { rule } : undefined);
  const errors: SyntaxError[] = [];
  for (const e of result.lexerErrors) {
    errors.push({ message: `unexpected character '${text.substr(e.offset, 1)}'`, start: e.offset, end: e.offset + Math.max(1, e.length) });
  }
  for (const e of result.parserErrors) {
    const token = e.token;
    // At end of input Chevrotain reports a token with NaN offsets: point at the last character
    // that is not whitespace (a trailing line break is not where the editor should underline).
    const atEnd = !Number.isFinite(token.startOffset);
    const start = atEnd ? Math.max(0, text.length - 1 - (text.length - text.trimEnd().length)) : token.startOffset;
    const end = !atEnd && token.endOffset !== undefined && Number.isFinite(token.endOffset) ? token.endOffset + 1 : start + 1;
    errors.push({ message: humanizeParserMessage(e.message, services.Grammar), start, end: Math.max(end, start + 1) });
  }
  return { ast: result.value, errors };
}
