import { createRequire } from 'node:module';
test('ali-oss loads', () => {
  const require = createRequire(import.meta.url);
  expect(typeof require('ali-oss')).toBe('function');
});
