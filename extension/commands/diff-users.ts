// sightline.diffUsers: per table, how many rows only user A or only user B sees.
import { DIFF_REQUEST, type DiffParams, type DiffResult } from '../../server/protocol.js';
import { formatDiff } from '../format.js';
import { pickAnalysis, pickPrincipal, request } from '../pickers.js';
import { registerCommand, type CommandContext } from './context.js';

export function registerDiffUsers({ client, documents }: CommandContext) {
  return registerCommand('sightline.diffUsers', async () => {
    const ref = await pickAnalysis(client, 'Compare two users: which model or perspective?');
    if (!ref) return;
    const a = await pickPrincipal(client, ref, { title: `Compare two users of ${ref.name}: the first`, usersOnly: true });
    if (!a) return;
    const b = await pickPrincipal(client, ref, { title: `Compare ${a.name} with…`, usersOnly: true, exclude: a.name });
    if (!b) return;
    const params: DiffParams = { ref, a: a.name, b: b.name };
    const diffs = await request<DiffParams, DiffResult>(client, DIFF_REQUEST, params, 'comparing users');
    await documents.show(`${ref.name} ${a.name} vs ${b.name}`, formatDiff(ref, a.name, b.name, diffs));
  });
}
