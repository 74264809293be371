/** Types for gen-docs.mjs, so TypeScript tests can import it. */
export const TABLE_START: string;
export const TABLE_END: string;
export interface ActionMetadata {
  name?: string;
  description: string;
  inputs?: Record<
    string,
    { description?: string; required?: boolean | string; default?: unknown; deprecationMessage?: string }
  >;
  outputs?: Record<string, { description?: string; value?: string }>;
  runs?: Record<string, unknown>;
}
export interface Action {
  name: string;
  metadata: ActionMetadata;
}
export function readActions(root: string): Action[];
export function renderActionDoc(action: Action): string;
export function renderActionsTable(actions: Action[]): string;
export function replaceTable(readme: string, table: string): string;
export function generate(root: string): Promise<Map<string, string | null>>;
export function staleFiles(root: string): Promise<string[]>;
export function writeDocs(root: string): Promise<string[]>;
