// The wire contract: one zod schema per object in spec/, one file per family.
export * from './lenient.ts';
export * from './parse.ts';
