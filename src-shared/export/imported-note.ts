// The one sentence that marks an imported run, the same in the Runs list (badge tooltip), the
// Run page and `plrf runs show`: "imported from run12.json on 2026-12-05 01:50 UTC (run 12
// there)". Dates in UTC (ISO day + hh:mm) so the CLI and the browser print the same text.
import type { RunImport } from '../api/types';

export function importedDate(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** null when the run was not imported */
export function importedNote(imp: RunImport | null | undefined): string | null {
  if (!imp) return null;
  const from = imp.file ? `imported from ${imp.file}` : 'imported from a file';
  return `${from} on ${importedDate(imp.at)}${imp.sourceId !== null ? ` (run ${imp.sourceId} there)` : ''}`;
}
