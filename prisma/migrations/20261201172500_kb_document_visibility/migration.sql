-- AlterTable
ALTER TABLE "KbDocument" ADD COLUMN     "visibility" TEXT NOT NULL DEFAULT 'public',
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;
