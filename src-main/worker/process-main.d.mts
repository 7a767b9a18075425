// Types of process-main.mjs (plain JavaScript so worker processes start without tsx).
/** run the process side of a worker; `threadScript` is the task thread's file */
export declare function processMain(threadScript: string): void;
