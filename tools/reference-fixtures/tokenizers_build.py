"""Trains each family's tokenizer.json with the `tokenizers` library, in the exact component layout the family ships."""
import json
from collections import Counter

from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors, trainers

from texts import CORPUS

# Split regexes as in the published tokenizer.json files.
LLAMA3_PATTERN = r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"
QWEN2_PATTERN = r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"

LLAMA3_SPECIALS = ["<|begin_of_text|>", "<|end_of_text|>", "<|start_header_id|>", "<|end_header_id|>", "<|eom_id|>", "<|eot_id|>", "<|python_tag|>"]
QWEN2_SPECIALS = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]
# Qwen2.5 adds these as non-special added tokens: matched whole, but kept when decoding with skip_special_tokens.
QWEN2_ADDED = ["<tool_call>", "</tool_call>"]
MISTRAL_SPECIALS = ["<unk>", "<s>", "</s>"]
GPT2_SPECIALS = ["<|endoftext|>"]


def _byte_level(vocab_size, split_pattern, normalizer=None):
    tok = Tokenizer(models.BPE())
    if normalizer is not None:
        tok.normalizer = normalizer
    if split_pattern is None:
        tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)
    else:
        tok.pre_tokenizer = pre_tokenizers.Sequence([
            pre_tokenizers.Split(Regex(split_pattern), behavior="isolated", invert=False),
            pre_tokenizers.ByteLevel(add_prefix_space=False, trim_offsets=True, use_regex=False),
        ])
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False)
    tok.train_from_iterator(CORPUS, trainer)
    return tok


def _special(content, special=True):
    return AddedToken(content, special=special, normalized=False, lstrip=False, rstrip=False, single_word=False)


def llama():
    """Llama 3: byte-level BPE behind Llama 3's Split regex, ignore_merges, BOS added by a TemplateProcessing step."""
    tok = _byte_level(480, LLAMA3_PATTERN)
    tok.add_special_tokens([_special(s) for s in LLAMA3_SPECIALS])
    tok.post_processor = processors.Sequence([
        processors.ByteLevel(add_prefix_space=True, trim_offsets=False, use_regex=True),
        processors.TemplateProcessing(
            single="<|begin_of_text|> $A",
            pair="<|begin_of_text|> $A <|begin_of_text|>:1 $B:1",
            special_tokens=[("<|begin_of_text|>", tok.token_to_id("<|begin_of_text|>"))],
        ),
    ])
    data = json.loads(tok.to_str())
    data["model"]["ignore_merges"] = True
    return Tokenizer.from_str(json.dumps(data))


def qwen2():
    """Qwen2: NFC normalizer, Qwen2's Split regex (single digits), ByteLevel post-processor, no BOS."""
    tok = _byte_level(480, QWEN2_PATTERN, normalizers.NFC())
    tok.add_special_tokens([_special(s) for s in QWEN2_SPECIALS])
    tok.add_tokens([_special(s, special=False) for s in QWEN2_ADDED])
    tok.post_processor = processors.ByteLevel(add_prefix_space=False, trim_offsets=False, use_regex=False)
    return tok


def gpt2():
    """GPT-2: ByteLevel pre-tokenizer with its built-in regex."""
    tok = _byte_level(480, None)
    tok.add_special_tokens([_special(s) for s in GPT2_SPECIALS])
    tok.post_processor = processors.ByteLevel(add_prefix_space=True, trim_offsets=False, use_regex=True)
    return tok


def _sentencepiece_vocab():
    """
    SentencePiece-style BPE (Llama 2 / Mistral): <unk> <s> </s>, then the 256 byte tokens <0x00>..<0xFF>, then
    pieces learned over "▁"-prefixed words. A small alphabet leaves most CJK/Arabic characters to byte fallback.
    """
    tok = Tokenizer(models.BPE(unk_token="<unk>", byte_fallback=True, fuse_unk=True))
    tok.normalizer = normalizers.Sequence([normalizers.Prepend("▁"), normalizers.Replace(" ", "▁")])
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="never", split=True)
    # The alphabet is chosen here (characters seen at least twice) rather than by limit_alphabet, which breaks
    # frequency ties in hash order and so learns a different vocabulary on every run.
    counts = Counter(ch for line in CORPUS for ch in line.replace(" ", "▁"))
    alphabet = sorted(ch for ch, n in counts.items() if n >= 2)
    trainer = trainers.BpeTrainer(vocab_size=260, initial_alphabet=alphabet, limit_alphabet=len(alphabet), special_tokens=[], show_progress=False)
    tok.train_from_iterator(CORPUS, trainer)
    learned = json.loads(tok.to_str())["model"]
    vocab = {s: i for i, s in enumerate(MISTRAL_SPECIALS)}
    for b in range(256):
        vocab[f"<0x{b:02X}>"] = len(vocab)
    for piece, _ in sorted(learned["vocab"].items(), key=lambda item: item[1]):
        vocab.setdefault(piece, len(vocab))
    return vocab, learned["merges"]


def _sentencepiece(normalizer, pre_tokenizer, decoder):
    vocab, merges = _sentencepiece_vocab()
    data = {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [
            {"id": i, "content": s, "single_word": False, "lstrip": False, "rstrip": False, "normalized": False, "special": True}
            for i, s in enumerate(MISTRAL_SPECIALS)
        ],
        "normalizer": normalizer,
        "pre_tokenizer": pre_tokenizer,
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
            "pair": [
                {"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                {"SpecialToken": {"id": "<s>", "type_id": 1}}, {"Sequence": {"id": "B", "type_id": 1}},
            ],
            "special_tokens": {"<s>": {"id": "<s>", "ids": [1], "tokens": ["<s>"]}},
        },
        "decoder": decoder,
        "model": {
            "type": "BPE", "dropout": None, "unk_token": "<unk>", "continuing_subword_prefix": None,
            "end_of_word_suffix": None, "fuse_unk": True, "byte_fallback": True, "ignore_merges": False,
            "vocab": vocab, "merges": merges,
        },
    }
    return Tokenizer.from_str(json.dumps(data))


def mistral():
    """Mistral 7B v0.1 / Llama 2 layout: Prepend+Replace normalizer, no pre-tokenizer, Replace/ByteFallback/Fuse/Strip decoder."""
    return _sentencepiece(
        {"type": "Sequence", "normalizers": [{"type": "Prepend", "prepend": "▁"}, {"type": "Replace", "pattern": {"String": " "}, "content": "▁"}]},
        None,
        {"type": "Sequence", "decoders": [
            {"type": "Replace", "pattern": {"String": "▁"}, "content": " "},
            {"type": "ByteFallback"},
            {"type": "Fuse"},
            {"type": "Strip", "content": " ", "start": 1, "stop": 0},
        ]},
    )


def mistral_metaspace():
    """The same vocabulary in the newer layout (Mistral v0.3, Llama 2 re-exports): Metaspace pre-tokenizer and decoder."""
    metaspace = {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "first", "split": False}
    return _sentencepiece(None, metaspace, {"type": "Sequence", "decoders": [{"type": "ByteFallback"}, metaspace, {"type": "Fuse"}]})


BUILDERS = {"llama": llama, "qwen2": qwen2, "mistral": mistral, "gpt2": gpt2}
