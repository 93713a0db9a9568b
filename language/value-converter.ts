// Strings in the language know two escapes only, `\"` and `\\` (spec/language-sketch.md).
// Langium's default converter would also turn `\n` or `\t` into control characters, which
// would silently change an email or a path; here any other backslash stays as written.
import { DefaultValueConverter, type CstNode, type GrammarAST, type ValueType } from 'langium';

export class SightlineValueConverter extends DefaultValueConverter {
  protected override runConverter(rule: GrammarAST.AbstractRule, input: string, cstNode: CstNode): ValueType {
    if (rule.name === 'STRING') return unquote(input);
    return super.runConverter(rule, input, cstNode);
  }
}

export function unquote(input: string): string {
  return input.slice(1, -1).replace(/\\(["\\])/g, '$1');
}
