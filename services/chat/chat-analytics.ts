import { dbRead } from '@/services/db/client';

export interface ChatAnalytics {
  days: number;
  conversations: number;
  /** Conversations started per UTC day, oldest first, every day of the window. */
  conversationsPerDay: { day: string; count: number }[];
  /** Questions answered from the knowledge base / questions asked of it (null: none asked). */
  answerRate: number | null;
  questions: number;
  /** Thumbs up / rated answers (null: none rated). */
  thumbsUpRate: number | null;
  ratings: number;
  /** Visitor messages per day by sentiment label (scored messages only). */
  sentimentTrend: { day: string; positive: number; neutral: number; negative: number }[];
  /** Questions the bot could not answer, most asked first (normalised: case and spacing). */
  topUnanswered: { question: string; count: number; lastAskedAt: Date }[];
}

/** The chatbot's analytics over the last `days` days (UTC). */
export async function chatAnalytics(workspaceId: string, days = 30): Promise<ChatAnalytics> {
  const since = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate()) - (days - 1) * 86_400_000);
  const [perDay, answers, sentiment, unanswered] = await Promise.all([
    dbRead().$queryRaw<{ day: Date; count: bigint }[]>`
      SELECT d.day, count(c."id") AS count
      FROM generate_series(${since}::timestamp, date_trunc('day', now() AT TIME ZONE 'UTC'), interval '1 day') AS d(day)
      LEFT JOIN "Conversation" c ON c."workspaceId" = ${workspaceId} AND date_trunc('day', c."createdAt") = d.day
      GROUP BY d.day ORDER BY d.day`,
    dbRead().$queryRaw<{ answered: bigint; asked: bigint; up: bigint; rated: bigint }[]>`
      SELECT count(*) FILTER (WHERE "intent" = 'answer') AS answered,
             count(*) FILTER (WHERE "intent" IN ('answer', 'unknown')) AS asked,
             count(*) FILTER (WHERE "feedback" = 'up') AS up,
             count(*) FILTER (WHERE "feedback" IS NOT NULL) AS rated
      FROM "ChatMessage" WHERE "workspaceId" = ${workspaceId} AND "role" = 'bot' AND "createdAt" >= ${since}`,
    dbRead().$queryRaw<{ day: Date; positive: bigint; neutral: bigint; negative: bigint }[]>`
      SELECT date_trunc('day', "createdAt") AS day,
             count(*) FILTER (WHERE "sentimentLabel" = 'positive') AS positive,
             count(*) FILTER (WHERE "sentimentLabel" = 'neutral') AS neutral,
             count(*) FILTER (WHERE "sentimentLabel" = 'negative') AS negative
      FROM "ChatMessage"
      WHERE "workspaceId" = ${workspaceId} AND "role" = 'visitor' AND "sentimentLabel" IS NOT NULL AND "createdAt" >= ${since}
      GROUP BY 1 ORDER BY 1`,
    dbRead().$queryRaw<{ question: string; count: bigint; last: Date }[]>`
      SELECT min(q."text") AS question, count(*) AS count, max(q."createdAt") AS last
      FROM "ChatMessage" a
      JOIN "ChatMessage" q ON q."workspaceId" = a."workspaceId" AND q."conversationId" = a."conversationId" AND q."seq" = a."seq" - 1
      WHERE a."workspaceId" = ${workspaceId} AND a."role" = 'bot' AND a."intent" = 'unknown' AND a."createdAt" >= ${since}
      GROUP BY lower(regexp_replace(trim(q."text"), '\\s+', ' ', 'g'))
      ORDER BY count(*) DESC, max(q."createdAt") DESC LIMIT 10`,
  ]);
  const a = answers[0]!;
  const asked = Number(a.asked);
  const rated = Number(a.rated);
  const conversationsPerDay = perDay.map((r) => ({ day: r.day.toISOString().slice(0, 10), count: Number(r.count) }));
  return {
    days,
    conversations: conversationsPerDay.reduce((s, r) => s + r.count, 0),
    conversationsPerDay,
    answerRate: asked ? Number(a.answered) / asked : null,
    questions: asked,
    thumbsUpRate: rated ? Number(a.up) / rated : null,
    ratings: rated,
    sentimentTrend: sentiment.map((r) => ({ day: r.day.toISOString().slice(0, 10), positive: Number(r.positive), neutral: Number(r.neutral), negative: Number(r.negative) })),
    topUnanswered: unanswered.map((r) => ({ question: r.question, count: Number(r.count), lastAskedAt: r.last })),
  };
}
