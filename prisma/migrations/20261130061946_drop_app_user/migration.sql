-- DropForeignKey
ALTER TABLE "api_token" DROP CONSTRAINT "api_token_user_id_fkey";

-- AlterTable
ALTER TABLE "api_token" DROP COLUMN "user_id";

-- DropTable
DROP TABLE "app_user";

