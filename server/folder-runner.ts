// Keeps one folder's diagnostics current: after an edit, a quick check publishes syntax and
// semantic diagnostics at once (never waiting for the engine); then the engine loads that
// snapshot in its worker and the data-aware diagnostics follow. Data diagnostics of a file
// are kept across checks only while the file's text is unchanged (their ranges would
// otherwise point at the wrong place), and dropped when a newer check superseded them.
import type { Diagnostic } from '../model/types.js';
import type { EditorEngine } from './engine-api.js';
import { FolderDiagnostics } from './folder-diagnostics.js';
import type { Snapshot } from './features/snapshot.js';
import { SerialDebounce } from './serial-debounce.js';
import { WorkspaceFolder } from './workspace-folder.js';

/** Short: a check of a warm workspace takes a few ms, and typing should feel immediate. */
const DEBOUNCE_MS = 15;

export interface RunnerHost {
  overlay(): Map<string, string>;
  publish(byFile: Map<string, Diagnostic[]>): void;
  engine(): EditorEngine | undefined;
  /** The engine has answers for a new snapshot: lenses and hints should be asked again. */
  dataChanged(): void;
  log(message: string): void;
}

export class FolderRunner {
  readonly folder: WorkspaceFolder;
  private readonly published: FolderDiagnostics;
  private readonly validation: SerialDebounce;
  private data: { diagnostics: Diagnostic[]; texts: Map<string, string> } = { diagnostics: [], texts: new Map() };
  private generation = 0;
  private lastCheck: Snapshot | undefined;

  constructor(
    readonly root: string,
    private readonly host: RunnerHost,
  ) {
    this.folder = new WorkspaceFolder(root);
    this.published = new FolderDiagnostics(root);
    this.validation = new SerialDebounce(() => this.run(), DEBOUNCE_MS);
  }

  contains(file: string): boolean {
    return this.folder.contains(file);
  }

  schedule(): void {
    this.folder.expectCheck();
    this.validation.schedule();
  }

  dispose(): Map<string, Diagnostic[]> {
    this.validation.dispose();
    return this.published.clear();
  }

  private async run(): Promise<void> {
    const generation = ++this.generation;
    let snapshot: Snapshot;
    try {
      snapshot = await this.folder.check(this.host.overlay());
    } catch (e) {
      this.host.log(`Checking ${this.root} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      return;
    }
    this.lastCheck = snapshot;
    this.host.publish(this.published.next([...snapshot.diagnostics, ...this.stillValidData(snapshot)]));
    void this.loadData(snapshot, generation);
  }

  /** Data diagnostics of files whose text is what it was when they were computed. */
  private stillValidData(snapshot: Snapshot): Diagnostic[] {
    return this.data.diagnostics.filter((d) => {
      const then = this.data.texts.get(d.range.file);
      return then === undefined || then === snapshot.texts.get(d.range.file);
    });
  }

  private async loadData(snapshot: Snapshot, generation: number): Promise<void> {
    const engine = this.host.engine();
    if (!engine) return;
    // Data diagnostics need a workspace without errors: they would report noise otherwise.
    const hasErrors = snapshot.diagnostics.some((d) => d.severity === 'error');
    try {
      await engine.load(snapshot);
      const diagnostics = hasErrors ? [] : await engine.dataDiagnostics();
      if (generation !== this.generation) return;
      this.data = { diagnostics, texts: snapshot.texts };
      this.host.publish(this.published.next([...snapshot.diagnostics, ...diagnostics]));
      this.host.dataChanged();
    } catch (e) {
      if (generation === this.generation) this.host.log(`The engine could not load ${this.root}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** The latest checked snapshot (waiting for a due check). */
  current(): Promise<Snapshot | undefined> {
    return this.folder.current();
  }

  last(): Snapshot | undefined {
    return this.lastCheck;
  }
}
