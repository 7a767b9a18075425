// The typed API contract (see contract.ts): service interface, request schemas, data shapes,
// events, structured errors, client/dispatcher factories. Import from here.
export * from './contract';
export * from './errors';
export * from './schemas';
export * from './types';
export * from './export-format';
export * from './sweep-types';
export * from './sweep-schemas';
