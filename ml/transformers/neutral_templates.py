"""Messages people send a support chatbot, generated from our own templates (written by the Cairn
team, no third-party text). Questions, requests and acknowledgements are neutral; the templates
also make questions and requests that do carry feeling, so that the model learns that a question
mark is not what makes a message neutral. The held-out test set of such messages
(ml/sentiment/eval/chat-messages.tsv) was written separately, in other words; the issue's own
examples ("how much does it cost to rent a tent?", "recommend me a tent", "ok") are in that test
set and deliberately absent from these templates."""
import random

ITEMS = ["tent", "sleeping bag", "backpack", "running shoe", "jacket", "bike", "kayak", "headlamp", "phone case",
         "laptop", "monitor", "keyboard", "coffee machine", "blender", "sofa", "desk", "mattress", "board",
         "starter kit", "sensor", "cable", "charger", "subscription", "plan", "gift card", "ticket", "room",
         "table for two", "car", "camera", "lens", "watch", "dress", "pair of jeans", "book", "course"]
THINGS = ["order", "account", "password", "email address", "invoice", "billing address", "delivery date",
          "payment method", "plan", "API key", "username", "shipping address", "booking", "reservation",
          "subscription", "team", "workspace", "profile picture", "language", "time zone"]
PLACES = ["Canada", "Germany", "the UK", "Australia", "Japan", "Brazil", "my country", "the EU", "Norway", "Mexico"]

NEUTRAL = [
    "what is the price to hire a {item}?", "how much is the {item}", "what does the {item} cost",
    "suggest a good {item}", "which {item} should I buy?", "do you have a {item} in blue?",
    "do you sell a {item}", "is the {item} in stock?", "when will the {item} be back in stock?",
    "what is the difference between the two {item} models?", "what size {item} do I need?",
    "how do I change my {thing}?", "where can I update my {thing}", "can I change my {thing} after ordering?",
    "how do I reset my {thing}", "I want to update my {thing}", "please update my {thing}",
    "do you ship to {place}?", "how long does delivery to {place} take", "what are the shipping costs to {place}?",
    "what are your opening hours?", "are you open on sundays", "what payment methods do you accept?",
    "is there a student discount?", "do you offer a free trial", "how do I cancel my {thing}?",
    "I would like to return a {item}", "how do I return a {item}?", "can I exchange the {item} for another size",
    "where is my {thing}?", "what's the status of my {thing}", "I need an invoice for my {thing}",
    "can I talk to a person", "I'd like to speak to an agent", "can someone call me back?",
    "how do I connect the {item} to my computer", "does the {item} work with a mac?", "what is included with the {item}",
    "is the {item} waterproof?", "how heavy is the {item}", "which colours does the {item} come in",
    "tell me about the {item}", "show me {item}s under 100 dollars", "I'm looking for a {item}",
    "my {thing} number is 4821", "the {thing} was placed yesterday", "I ordered a {item} last week",
    "what time do you close today", "where are you located", "do you have a store in {place}",
    "okay", "okay thank you", "yes", "no", "sure", "hi", "hello", "hello there", "hey", "got it", "I see",
    "one more question", "what about the {item}?", "and for {place}?", "next question", "let me check", "hmm",
    "can you explain that again?", "what do you mean?", "the second one", "that one", "I have a question about my {thing}",
]
NEGATIVE = [
    "why is my {thing} still not here? this is ridiculous", "my {item} arrived broken, what now?",
    "why does the {item} keep breaking?", "the {item} stopped working after two days, can I get a refund?",
    "I'm really unhappy with the {item}", "this is the third time my {thing} is wrong, seriously?",
    "why is your support so slow", "the {item} is terrible, how do I return it", "I was charged twice, what is going on?",
    "nobody answers my emails, is anyone there?", "the {item} smells awful and the zipper broke", "your app crashes every time, why?",
    "I hate the new {item}", "worst {item} I ever bought", "how can a {item} this expensive be this bad?",
]
POSITIVE = [
    "thanks, the {item} works great!", "love the new {item}, do you have it in red too?", "the {item} is perfect, thank you",
    "great service, can I order another {item}?", "you were super helpful, thanks a lot", "the {item} is amazing, where can I leave a review?",
    "awesome, that fixed it!", "excellent, my {thing} is sorted now", "the {item} arrived early and looks beautiful",
]


def _fill(template: str, rng: random.Random) -> str:
    text = template.format(item=rng.choice(ITEMS), thing=rng.choice(THINGS), place=rng.choice(PLACES))
    if rng.random() < 0.3:
        text = text[0].upper() + text[1:]
    if rng.random() < 0.2:
        text = text.rstrip("?!.")
    return text


def template_messages(rng: random.Random, neutral: int = 2400, negative: int = 600, positive: int = 400) -> list[tuple[str, int]]:
    out: dict[str, int] = {}
    for templates, label, n in ((NEUTRAL, 1, neutral), (NEGATIVE, 0, negative), (POSITIVE, 2, positive)):
        for _ in range(n):
            out.setdefault(_fill(rng.choice(templates), rng), label)
    return list(out.items())
