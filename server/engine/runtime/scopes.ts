/**
 * Zeebe variable scoping. Every element instance that can hold variables is a scope (the process
 * instance is the root); a scope sees its own variables and those of its ancestors, the inner
 * one winning. `merge` is Zeebe's propagation: each variable is updated in the nearest scope that
 * already has it, or created in the root scope. `setLocal` creates or updates in one scope.
 * Changes are reported so they are written to `engine_variable` in the command's transaction.
 */
export interface ScopeState {
  /** Parent scope key (null for the root). */
  p: string | null;
  /** Variables of this scope. */
  v: Record<string, unknown>;
}

export type ScopesState = Record<string, ScopeState>;

export interface VariableChange {
  scopeKey: string;
  name: string;
  value: unknown;
}

const same = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);

export class Scopes {
  constructor(
    readonly state: ScopesState,
    private readonly onChange: (change: VariableChange) => void,
  ) {}

  has(key: string): boolean {
    return key in this.state;
  }

  create(key: string, parent: string | null): void {
    if (!this.state[key]) this.state[key] = { p: parent, v: {} };
  }

  /** Forgets a finished scope (its variables stay in the database for search). */
  drop(key: string): void {
    delete this.state[key];
  }

  parentOf(key: string): string | null {
    return this.state[key]?.p ?? null;
  }

  /** [key, parent, …, root] */
  chain(key: string): string[] {
    const out: string[] = [];
    for (let k: string | null = key; k && this.state[k]; k = this.state[k]!.p) out.push(k);
    return out;
  }

  local(key: string): Record<string, unknown> {
    return { ...this.state[key]?.v };
  }

  visible(key: string): Record<string, unknown> {
    const chain = this.chain(key);
    const out: Record<string, unknown> = {};
    for (let i = chain.length - 1; i >= 0; i--) Object.assign(out, this.state[chain[i]!]!.v);
    return out;
  }

  setLocal(key: string, name: string, value: unknown): void {
    const scope = this.state[key];
    if (!scope) throw new Error(`variable scope ${key} does not exist`);
    const v = value === undefined ? null : value;
    if (name in scope.v && same(scope.v[name], v)) return;
    scope.v[name] = v;
    this.onChange({ scopeKey: key, name, value: v });
  }

  setLocals(key: string, doc: Record<string, unknown>): void {
    for (const [name, value] of Object.entries(doc)) this.setLocal(key, name, value);
  }

  /** Zeebe's mergeDocument: update where defined (from `key` upwards), else create in the root. */
  merge(key: string, doc: Record<string, unknown>): void {
    const chain = this.chain(key);
    if (!chain.length) throw new Error(`variable scope ${key} does not exist`);
    for (const [name, value] of Object.entries(doc)) {
      const owner = chain.find((k) => name in this.state[k]!.v) ?? chain[chain.length - 1]!;
      this.setLocal(owner, name, value);
    }
  }
}
