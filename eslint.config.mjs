import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

const config = [
  ...nextVitals,
  ...nextTs,
  { ignores: ['.next/**', 'generated/**', '.cairn/**', '.cairn-build/**', 'node_modules/**', 'test-results/**', 'dist/**'] },
];

export default config;
