// The test toolkit: import from 'test/support' in every engine test (see test/README.md).
export * from './errors';
export * from './expressions';
export * from './nodeTypes';
export * from './sepay';
export * from './simulator';
