"""Text the fixture tokenizers are trained on, the golden texts they are checked against, and the chats rendered."""

# A small multilingual corpus: enough for a few hundred merges in every script the goldens use, small enough that
# Chinese/Japanese/Arabic words stay rare (so SentencePiece-style byte fallback and long byte-level pieces occur).
CORPUS = [
    "The quick brown fox jumps over the lazy dog. The dog sleeps; the fox runs away into the forest.",
    "Language models read tokens, not letters. A tokenizer splits text into pieces and maps each piece to an id.",
    "We trained the model on the cleaned corpus, then served it with an OpenAI-compatible API.",
    "It's a test, isn't it? They're here, we've seen them, I'll call you and she'd answer. DON'T SHOUT!",
    "Numbers: 1, 12, 123, 1234, 12345, 3.14159, 2026-12-04, 0x1F, 1e-4, 100%.",
    "def train(model, data):\n    for batch in data:\n        loss = model(batch)\n        loss.backward()\n",
    "function add(a, b) {\n  return a + b;\n}\nconst total = values.reduce(add, 0);\n",
    "SELECT id, name FROM tenants WHERE plan = 'pro' ORDER BY created_at DESC;",
    "<div class=\"token\">hello</div>\n\t\tindented with tabs\n    and spaces    \n",
    "Привет, мир! Это тест на русском языке. Спасибо, хорошо. Москва — столица России.",
    "你好，世界！这是一个测试。我们训练了一个语言模型。今天天气很好。",
    "こんにちは、世界！これはテストです。東京は日本の首都です。ありがとうございます。",
    "مرحبا بالعالم! هذا نص باللغة العربية. شكرا جزيلا.",
    "Emoji: 😀 😂 👍 🎉 🚀 ❤️ and a family 👨‍👩‍👧 and a flag 🇯🇵.",
    "Café, naïve, résumé, Zürich, São Paulo, Ελληνικά, français, español: ¿qué tal?",
    "the the the and and of of to to in in is is was was for for on on that that with with",
    "tokenizer tokenizers tokenization token tokens model models modeling training trained trains",
    "Hello world. Hello there. Hello again, world! Goodbye, world.",
]

# Golden texts: one per category the issue names, plus the edge cases the implementations disagree on most often.
GOLDEN_TEXTS = [
    ("empty", ""),
    ("english", "The quick brown fox jumps over the lazy dog."),
    ("contractions", "It's fine, isn't it? THEY'RE HERE, we've gone, I'LL see."),
    ("chinese", "你好，世界！这是一个测试。"),
    ("japanese", "東京は日本の首都です。ありがとうございます。"),
    ("arabic", "مرحبا بالعالم! هذا نص باللغة العربية."),
    ("russian", "Привет, мир! Москва — столица России."),
    ("emoji", "Emoji 😀👍🏽 family 👨‍👩‍👧 flag 🇯🇵 math 𝕏 rare 𩸽"),
    ("code", "def add(a, b):\n    return a + b\n\nconst x = { \"lr\": 3e-4 };\n"),
    ("whitespace_runs", "a  b   c    d\t\te\n\n\nf \n g  \r\n h   "),
    ("leading_spaces", "   leading and trailing   "),
    ("numbers", "1 12 123 1234 12345 123456 3.14159 2026"),
    ("nfc", "Cafe\u0301 vs Caf\u00e9, n\u0303 vs \u00f1"),
    ("unicode_spaces", "no\u00a0break\u2003em\u3000ideographic\u0085next\ufeffbom"),
    ("mixed", "Hello 世界! Привет 🌍 مرحبا 123 <tag> \t end"),
]

SYSTEM = "You are a helpful assistant."
TOOLS = [
    {
        "type": "function",
        "function": {
            "name": "get_weather",
            "description": "Get the current weather in a city.",
            "parameters": {
                "type": "object",
                "properties": {
                    "city": {"type": "string", "description": "City name, e.g. Zürich"},
                    "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
                },
                "required": ["city"],
            },
        },
    }
]
TOOL_CALL_TURNS = [
    {"role": "user", "content": "What's the weather in Zürich?"},
    {
        "role": "assistant",
        "content": "",
        "tool_calls": [{"type": "function", "function": {"name": "get_weather", "arguments": {"city": "Zürich", "unit": "celsius"}}}],
    },
    {"role": "tool", "content": "{\"temperature\": 21, \"sky\": \"clear\"}"},
]


def chat_cases(family):
    """(messages, add_generation_prompt, tools) triples; Mistral's [INST] template accepts only alternating user/assistant."""
    alternating = [
        {"role": "user", "content": "Hello! Who are you?"},
        {"role": "assistant", "content": "  I am a small model.  "},
        {"role": "user", "content": "Translate 'good morning' into 日本語 and русский 😀"},
    ]
    cases = [
        ([{"role": "user", "content": "Hi there"}], True, None),
        (alternating, True, None),
        (alternating[:2], False, None),
    ]
    if family == "mistral":
        return cases
    cases += [
        ([{"role": "system", "content": SYSTEM}, {"role": "user", "content": "  What is 2 + 2?\n"}], True, None),
        ([{"role": "system", "content": SYSTEM}] + alternating, False, None),
    ]
    if family in ("llama", "qwen2"):
        cases += [
            ([{"role": "system", "content": SYSTEM}, TOOL_CALL_TURNS[0]], True, TOOLS),
            ([{"role": "system", "content": SYSTEM}] + TOOL_CALL_TURNS, True, TOOLS),
        ]
    return cases


def chat_error_cases(family):
    """Conversations the family's template rejects with raise_exception (the message is recorded)."""
    if family == "mistral":
        return [([{"role": "system", "content": SYSTEM}, {"role": "user", "content": "Hi"}], True, None)]
    if family == "llama":
        two_calls = dict(TOOL_CALL_TURNS[1], tool_calls=TOOL_CALL_TURNS[1]["tool_calls"] * 2)
        return [([TOOL_CALL_TURNS[0], two_calls], False, None)]
    return []


# Prompts the reference logits and greedy continuations are computed for (encoded with each family's tokenizer).
PROMPTS = [
    "Hello world",
    "The quick brown fox jumps over the lazy dog. 你好",
    "def train(model, data):\n    for batch in data: Привет 😀 1234",
]
# LoRA training reference: (prompt, completion) pairs; the loss covers completion tokens only.
TRAIN_PAIRS = [
    ("French: hello ->", " bonjour le monde, ça va?"),
    ("Q: What is 2 + 2? A:", " four, of course!!"),
]
