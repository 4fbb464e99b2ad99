// "Nothing was written": the row count and a digest of every row, per table, taken before and
// after a refused request and compared.
import type { PrismaClient } from '../../api/generated/prisma/client.js';

export type TableDigest = Record<string, { rows: number; digest: string }>;

export async function tableDigest(prisma: PrismaClient, tables: readonly string[]): Promise<TableDigest> {
  const result: TableDigest = {};
  for (const table of tables) {
    const [row] = await prisma.$queryRawUnsafe<{ rows: number; digest: string }[]>(
      `SELECT count(*)::int AS rows, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS digest FROM ${table} t`,
    );
    result[table] = row!;
  }
  return result;
}
