import type { AnyNodeDef } from './node';

/** The node types known to a run: one registry serves the worker, the editor, the tests and the CLI. */
export class NodeRegistry {
  private readonly defs = new Map<string, AnyNodeDef>();

  constructor(defs: Iterable<AnyNodeDef> = []) {
    for (const def of defs) this.add(def);
  }

  add(def: AnyNodeDef): void {
    if (this.defs.has(def.type)) throw new Error(`node type '${def.type}' is registered twice`);
    this.defs.set(def.type, def);
  }

  get(type: string): AnyNodeDef | undefined {
    return this.defs.get(type);
  }

  has(type: string): boolean {
    return this.defs.has(type);
  }

  all(): AnyNodeDef[] {
    return [...this.defs.values()];
  }
}
