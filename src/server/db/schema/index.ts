// All tables. Each domain adds its file here.
export * from './platform';
export * from './people';
export * from './activities';
