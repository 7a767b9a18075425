// Types of stamp.mjs (plain JavaScript: the `plrf` launcher runs it before the build exists).
export interface Stamp {
  id: string;
  builtAt?: string;
  entries?: string[];
  /** root-relative path → [size, mtimeMs] */
  files: Record<string, [number, number]>;
}
export declare function fingerprint(root: string, relPaths: Iterable<string>): Record<string, [number, number]>;
export declare function readStamp(stampFile: string): Stamp | null;
export declare function writeStamp(stampFile: string, stamp: Stamp): void;
export declare function changedInputs(root: string, stamp: Stamp | null, limit?: number): string[];
