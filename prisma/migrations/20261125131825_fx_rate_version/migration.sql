-- AlterTable
ALTER TABLE "fx_rate" ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

