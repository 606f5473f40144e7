// The bot's fixed replies (small talk, "don't know" with the offer of a person, handoff).

export const DONT_KNOW = "Sorry, I don't know the answer to that. Would you like to talk to a person?";
export const HANDOFF = "I've passed this conversation to our team: a person will look at it. If you'd like an answer by email, type your email address here.";
export const CONTACT_THANKS = (email: string) => `Thanks! Our team will write to you at ${email}.`;
export const GREETING = 'Hello! What can I help you with?';
/** The greeting reply, introducing the bot by the name its workspace gave it (bot settings). */
export const greeting = (name?: string | null) => (name ? `Hello! I'm ${name}. What can I help you with?` : GREETING);
export const THANKS = "You're welcome! Anything else I can help with?";
export const PRODUCTS = 'Here are a few products you might like:';
export const SIMILAR = (title: string) => `Here are products similar to ${title}:`;
export const LLM_INTERRUPTED = ' (The answer was cut short; please ask again.)';
