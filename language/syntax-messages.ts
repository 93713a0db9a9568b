// Turns Chevrotain's parser messages into one line a person can act on:
// "expected a name but found "x"" instead of a numbered list of fifteen token sequences.
import { AstUtils, GrammarAST, type Grammar } from 'langium';

let nameTokens: Set<string> | undefined;

/** ID plus the soft keywords: every token that can start a name (read from the grammar once). */
function nameTokensOf(grammar: Grammar): Set<string> {
  if (!nameTokens) {
    nameTokens = new Set(['ID']);
    const soft = grammar.rules.find((r) => r.name === 'SoftKeyword');
    if (soft) for (const node of AstUtils.streamAllContents(soft)) if (GrammarAST.isKeyword(node)) nameTokens.add(node.value);
  }
  return nameTokens;
}

function describeToken(token: string): string {
  if (token === 'ID' || token === 'KEBAB') return 'a name';
  if (token === 'STRING') return 'a "quoted string"';
  if (token === 'EOF') return 'the end of the file';
  return `'${token}'`;
}

function describeFound(found: string): string {
  return found === '' ? 'the end of the file' : `\`${found}\``;
}

export function humanizeParserMessage(message: string, grammar: Grammar): string {
  const names = nameTokensOf(grammar);
  const single = /^Expecting token of type '([^']+)' but found `([\s\S]*)`\.?$/.exec(message);
  if (single) return `expected ${describeToken(single[1])} but found ${describeFound(single[2])}`;
  const many = /^Expecting: one of these possible Token sequences:([\s\S]*)but found: '([\s\S]*)'$/.exec(message) ?? /^Expecting: expecting at least one iteration[\s\S]*?:([\s\S]*)but found: '([\s\S]*)'$/.exec(message);
  if (many) {
    const sequences = [...many[1].matchAll(/\[([^\]]*)\]/g)].map((m) => m[1].split(',').map((t) => t.trim()));
    const firsts = new Set<string>();
    for (const seq of sequences) firsts.add(names.has(seq[0]) ? 'a name' : describeToken(seq[0]));
    const options = [...firsts];
    const list = options.length <= 1 ? options.join('') : `${options.slice(0, -1).join(', ')} or ${options[options.length - 1]}`;
    return `expected ${list} but found ${describeFound(many[2])}`;
  }
  return message.replace(/\s+/g, ' ').trim();
}
