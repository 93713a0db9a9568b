// Which CST nodes hold an AST node's property: the same answer as Langium's
// GrammarUtils.findNodeForProperty / findNodesForProperty, without their allocations and with
// the grammar's assignment lookups memoised. Langium's versions build arrays for every node
// they visit and were most of to-model's time on large files.
import { GrammarAST, type AstNode, type CstNode } from 'langium';

/** Grammar element → the feature its enclosing assignment sets ('' for none). */
const featureOf = new Map<object, string>();

function assignedFeature(source: AstNode | undefined): string {
  if (!source) return '';
  let feature = featureOf.get(source);
  if (feature === undefined) {
    feature = '';
    for (let item: AstNode | undefined = source; item; item = item.$container) {
      if (GrammarAST.isAssignment(item)) {
        feature = item.feature;
        break;
      }
    }
    featureOf.set(source, feature);
  }
  return feature;
}

/**
 * The `index`-th CST node of `property` in `node` (the first without an index, the last when
 * there are fewer), or undefined when there is none: Langium's findNodeForProperty.
 */
export function propertyNode(node: AstNode, property: string, index = 0): CstNode | undefined {
  const cst = node.$cstNode;
  if (!cst || !('content' in cst)) return undefined;
  const found: { node?: CstNode; count: number } = { count: 0 };
  walk(cst.content as CstNode[], cst.astNode, property, Math.max(0, index), found);
  return found.node;
}

/** All CST nodes of `property` in `node`, in order: Langium's findNodesForProperty. */
export function propertyNodes(node: AstNode, property: string): CstNode[] {
  const cst = node.$cstNode;
  const out: CstNode[] = [];
  if (cst && 'content' in cst) collect(cst.content as CstNode[], cst.astNode, property, out);
  return out;
}

/**
 * Like Langium: a node assigned to the property is a match (nothing below it is looked at);
 * any other composite node of the same AST node is looked into. Stops at the index-th match.
 */
function walk(content: readonly CstNode[], element: AstNode, property: string, index: number, found: { node?: CstNode; count: number }): boolean {
  for (const child of content) {
    if (assignedFeature(child.grammarSource) === property) {
      found.node = child;
      if (found.count++ === index) return true;
    } else if ('content' in child && child.astNode === element) {
      if (walk(child.content as CstNode[], element, property, index, found)) return true;
    }
  }
  return false;
}

function collect(content: readonly CstNode[], element: AstNode, property: string, out: CstNode[]): void {
  for (const child of content) {
    if (assignedFeature(child.grammarSource) === property) out.push(child);
    else if ('content' in child && child.astNode === element) collect(child.content as CstNode[], element, property, out);
  }
}
