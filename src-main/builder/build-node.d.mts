// Types of build-node.mjs (plain JavaScript: it runs before anything is built).
export declare const ROOT: string;
export declare const NODE_OUT: string;
export declare const STAMP: string;
export declare const ENTRIES: Record<string, string>;
export declare function buildNode(opts?: { quiet?: boolean }): Promise<{ id: string; dir: string; ms: number; inputs: number }>;
