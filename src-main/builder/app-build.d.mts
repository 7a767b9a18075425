// Types of app-build.mjs.
export declare function appStampFile(root: string): string;
export declare function appSources(root: string): string[];
export declare function appBuildChanges(root: string): string[];
export declare function buildApp(root: string, opts?: { quietStdout?: boolean }): number;
