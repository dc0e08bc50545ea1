import type { GraphFile } from '../engine/format';
import type { LabDb } from './db';
import { attempt, StorageError, type StorageResult } from './errors';
import { cleanName, newId, uniqueName } from './names';
import type { GraphRecord, GraphSort, GraphSummary, ListQuery } from './types';

export function summarize(record: GraphRecord): GraphSummary {
  const { file, ...rest } = record;
  return { ...rest, nodeCount: file.nodes.length };
}

const SORTS: Record<GraphSort, (a: GraphRecord, b: GraphRecord) => number> = {
  'updated-desc': (a, b) => b.updatedAt - a.updatedAt,
  'updated-asc': (a, b) => a.updatedAt - b.updatedAt,
  'created-desc': (a, b) => b.createdAt - a.createdAt,
  'created-asc': (a, b) => a.createdAt - b.createdAt,
  'name-asc': (a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base', numeric: true }),
  'name-desc': (a, b) => b.name.localeCompare(a.name, undefined, { sensitivity: 'base', numeric: true }),
};

/** Every whitespace-separated word of `search` appears in the name or the description. */
export function matchesSearch(record: Pick<GraphRecord, 'name' | 'description'>, search: string | undefined): boolean {
  const words = (search ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const text = `${record.name}\n${record.description}`.toLowerCase();
  return words.every((w) => text.includes(w));
}

const notFound = (id: string) => new StorageError('not-found', `There is no graph with id '${id}' in the library (it may have been deleted in another tab).`);

/**
 * The graph library. Deleting moves a graph to the trash (deletedAt set) so it can be
 * restored; purge removes it for good. Creation never overwrites: a new id each time,
 * and a name already in use gets " (2)", " (3)"…
 */
export class GraphRepo {
  constructor(
    private readonly db: LabDb,
    private readonly now: () => number,
  ) {}

  /** Store `file` as a new graph. Unless keepName, a name in use (trash included) gets a counter. */
  create(file: GraphFile, options: { keepName?: boolean } = {}): Promise<StorageResult<GraphRecord>> {
    return attempt('save the new graph', () =>
      this.db.transaction('rw', this.db.graphs, async () => {
        const requested = cleanName(file.name) ?? 'Untitled graph';
        const name = options.keepName ? requested : uniqueName(requested, (await this.db.graphs.orderBy('name').keys()) as string[]);
        const t = this.now();
        const record: GraphRecord = { id: newId(), name, description: file.description, createdAt: t, updatedAt: t, file: { ...file, name } };
        await this.db.graphs.add(record);
        return record;
      }),
    );
  }

  /** Autosave: replace the stored file of a live graph; name and description follow the file. */
  update(id: string, file: GraphFile): Promise<StorageResult<GraphRecord>> {
    return this.change(id, 'save the graph', (record) => {
      const name = cleanName(file.name) ?? record.name;
      return { ...record, name, description: file.description, updatedAt: this.now(), file: { ...file, name } };
    });
  }

  /** A graph by id; graphs in the trash only with includeDeleted. */
  get(id: string, options: { includeDeleted?: boolean } = {}): Promise<StorageResult<GraphRecord | undefined>> {
    return attempt('read the graph', async () => {
      const record = await this.db.graphs.get(id);
      return record && (options.includeDeleted || record.deletedAt === undefined) ? record : undefined;
    });
  }

  /** The live graphs matching the search, sorted (newest edit first by default). */
  list(query: ListQuery = {}): Promise<StorageResult<GraphSummary[]>> {
    return attempt('list the graphs', async () => {
      const all = await this.db.graphs.toArray();
      return all
        .filter((r) => r.deletedAt === undefined && matchesSearch(r, query.search))
        .sort(SORTS[query.sort ?? 'updated-desc'])
        .map(summarize);
    });
  }

  /** The trash, most recently deleted first. */
  listDeleted(): Promise<StorageResult<GraphSummary[]>> {
    return attempt('list deleted graphs', async () => {
      const all = await this.db.graphs.toArray();
      return all.filter((r) => r.deletedAt !== undefined).sort((a, b) => b.deletedAt! - a.deletedAt!).map(summarize);
    });
  }

  rename(id: string, name: string): Promise<StorageResult<GraphRecord>> {
    const clean = cleanName(name);
    if (!clean) return Promise.resolve({ ok: false, error: new StorageError('invalid', `A graph name must be 1 to 200 characters (not only spaces).`) });
    return this.change(id, 'rename the graph', (record) => ({ ...record, name: clean, updatedAt: this.now(), file: { ...record.file, name: clean } }));
  }

  /** A copy of a graph under a fresh id and a unique name. Trained weights are shared (they are keyed by content). */
  async duplicate(id: string): Promise<StorageResult<GraphRecord>> {
    const source = await this.get(id);
    if (!source.ok) return source;
    if (!source.value) return { ok: false, error: notFound(id) };
    return this.create(structuredClone(source.value.file));
  }

  /** Move a graph to the trash; the returned record is what restore brings back. */
  remove(id: string): Promise<StorageResult<GraphRecord>> {
    return this.change(id, 'delete the graph', (record) => ({ ...record, deletedAt: this.now() }));
  }

  /** Undo a delete: take the graph out of the trash. */
  restore(id: string): Promise<StorageResult<GraphRecord>> {
    return this.change(
      id,
      'restore the graph',
      (record) => {
        const { deletedAt: _deletedAt, ...live } = record;
        return live;
      },
      true,
    );
  }

  /** Delete for good, live or in the trash. */
  purge(id: string): Promise<StorageResult<void>> {
    return attempt('delete the graph', () => this.db.graphs.delete(id));
  }

  /** Empty the trash of graphs deleted before `before` (all of it by default); returns how many went. */
  purgeDeleted(before = Infinity): Promise<StorageResult<number>> {
    return attempt('empty the trash', () => this.db.graphs.filter((r) => r.deletedAt !== undefined && r.deletedAt < before).delete());
  }

  /** Read-modify-write of one record in a transaction; deleted records count as missing unless allowDeleted. */
  private change(id: string, action: string, edit: (record: GraphRecord) => GraphRecord, allowDeleted = false): Promise<StorageResult<GraphRecord>> {
    return attempt(action, () =>
      this.db.transaction('rw', this.db.graphs, async () => {
        const record = await this.db.graphs.get(id);
        if (!record || (!allowDeleted && record.deletedAt !== undefined)) throw notFound(id);
        const next = edit(record);
        await this.db.graphs.put(next);
        return next;
      }),
    );
  }
}
