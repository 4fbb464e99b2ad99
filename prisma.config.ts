// Prisma CLI configuration: the JS engine and no native binaries (they cannot be downloaded
// here). Only `prisma generate` and `prisma migrate diff` are used; migrations are applied
// by api/db/migrate.ts.
import path from 'node:path';
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  experimental: { adapter: true },
  engine: 'js',
  async adapter() {
    const { PrismaPg } = await import('@prisma/adapter-pg');
    return new PrismaPg({ connectionString: process.env.PRISMA_CLI_DATABASE_URL ?? 'postgresql://localhost:5432/postgres' });
  },
} as never);
