"""
Writes the reference fixtures of issue 15 (see README.md): tiny random-weight Hugging Face model directories of each
family with the reference library's logits and greedy tokens, a PEFT LoRA adapter for the llama fixture with its
logits, loss and gradients, and tokenizer/chat-template goldens. Deterministic: rerunning rewrites the same bytes.
"""
import base64
import json
import os
import shutil
import sys

import torch
from safetensors.torch import save_file
from transformers import AutoConfig, AutoModelForCausalLM, PreTrainedTokenizerFast

import templates
import tokenizers_build
from texts import GOLDEN_TEXTS, PROMPTS, TRAIN_PAIRS, chat_cases, chat_error_cases

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
MODEL_FIXTURES = os.path.join(ROOT, "libs", "model-runtime", "src", "__fixtures__", "hf")
TOKENIZER_FIXTURES = os.path.join(ROOT, "libs", "tokenizer", "src", "__fixtures__", "hf-families")
GREEDY_TOKENS = 8
# Greedy tokens are only a fair test where the winner is clear: fp32 implementations differ by ~1e-5 in logits.
MIN_GREEDY_MARGIN = 1e-3

torch.use_deterministic_algorithms(True)
torch.set_num_threads(1)

FAMILIES = {
    "llama": {
        "config": {
            "architectures": ["LlamaForCausalLM"], "model_type": "llama", "attention_bias": False, "attention_dropout": 0.0,
            "hidden_act": "silu", "hidden_size": 64, "head_dim": 16, "intermediate_size": 128, "max_position_embeddings": 256,
            "mlp_bias": False, "num_attention_heads": 4, "num_hidden_layers": 2, "num_key_value_heads": 2, "pretraining_tp": 1,
            "rms_norm_eps": 1e-5, "rope_theta": 500000.0,
            # Llama 3.1's scaling with a small original context so all three frequency bands occur at head_dim 16.
            "rope_scaling": {"factor": 8.0, "high_freq_factor": 4.0, "low_freq_factor": 1.0, "original_max_position_embeddings": 64, "rope_type": "llama3"},
            "tie_word_embeddings": False, "torch_dtype": "bfloat16", "use_cache": True, "initializer_range": 0.02,
        },
        "dtype": torch.bfloat16, "bos": "<|begin_of_text|>", "eos": ["<|end_of_text|>", "<|eom_id|>", "<|eot_id|>"], "pad": None, "unk": None,
        "chat_eos": "<|eot_id|>", "template": templates.LLAMA3, "tokenizer_class": "PreTrainedTokenizerFast", "add_bos": None,
    },
    "qwen2": {
        "config": {
            "architectures": ["Qwen2ForCausalLM"], "model_type": "qwen2", "attention_dropout": 0.0, "hidden_act": "silu",
            "hidden_size": 64, "intermediate_size": 128, "max_position_embeddings": 256, "max_window_layers": 2,
            "num_attention_heads": 4, "num_hidden_layers": 2, "num_key_value_heads": 2, "rms_norm_eps": 1e-6,
            "rope_scaling": None, "rope_theta": 1000000.0, "sliding_window": 256, "use_sliding_window": False,
            "tie_word_embeddings": True, "torch_dtype": "float32", "use_cache": True, "initializer_range": 0.02,
        },
        "dtype": torch.float32, "bos": None, "eos": ["<|im_end|>", "<|endoftext|>"], "pad": "<|endoftext|>", "unk": None,
        "chat_eos": "<|im_end|>", "template": templates.QWEN2, "tokenizer_class": "Qwen2Tokenizer", "add_bos": None,
        "shard_bytes": 200_000,
    },
    "mistral": {
        "config": {
            "architectures": ["MistralForCausalLM"], "model_type": "mistral", "attention_dropout": 0.0, "hidden_act": "silu",
            "hidden_size": 64, "head_dim": 16, "intermediate_size": 128, "max_position_embeddings": 256,
            "num_attention_heads": 4, "num_hidden_layers": 2, "num_key_value_heads": 2, "rms_norm_eps": 1e-5,
            "rope_theta": 1000000.0, "sliding_window": None, "tie_word_embeddings": False, "torch_dtype": "float16",
            "use_cache": True, "initializer_range": 0.02,
        },
        "dtype": torch.float16, "bos": "<s>", "eos": ["</s>"], "pad": None, "unk": "<unk>",
        "chat_eos": "</s>", "template": templates.MISTRAL, "tokenizer_class": "LlamaTokenizer", "add_bos": True,
    },
    "gpt2": {
        "config": {
            "architectures": ["GPT2LMHeadModel"], "model_type": "gpt2", "activation_function": "gelu_new",
            "attn_pdrop": 0.1, "embd_pdrop": 0.1, "resid_pdrop": 0.1, "layer_norm_epsilon": 1e-5, "n_ctx": 128,
            "n_embd": 64, "n_head": 4, "n_inner": None, "n_layer": 2, "n_positions": 128, "scale_attn_weights": True,
            "tie_word_embeddings": True, "torch_dtype": "float32", "use_cache": True, "initializer_range": 0.02,
        },
        "dtype": torch.float32, "bos": "<|endoftext|>", "eos": ["<|endoftext|>"], "pad": None, "unk": None,
        "chat_eos": "<|endoftext|>", "template": templates.GPT2, "tokenizer_class": "GPT2Tokenizer", "add_bos": None,
    },
}


def write_json(path, value):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(value, f, ensure_ascii=False, indent=1)
        f.write("\n")


def write_model_directory(name, spec, tokenizer, out):
    """config.json etc. in the classic layout published checkpoints use (rope_theta/rope_scaling, torch_dtype)."""
    ids = lambda tokens: [tokenizer.token_to_id(t) for t in tokens]
    eos_ids = ids(spec["eos"])
    bos_id = tokenizer.token_to_id(spec["bos"]) if spec["bos"] else None
    config = dict(spec["config"], vocab_size=tokenizer.get_vocab_size(), bos_token_id=bos_id,
                  eos_token_id=eos_ids if len(eos_ids) > 1 else eos_ids[0], transformers_version="4.46.0")
    write_json(os.path.join(out, "config.json"), dict(sorted(config.items())))
    generation = {"bos_token_id": bos_id, "eos_token_id": config["eos_token_id"], "transformers_version": "4.46.0"}
    if spec["pad"]:
        generation["pad_token_id"] = tokenizer.token_to_id(spec["pad"])
    write_json(os.path.join(out, "generation_config.json"), generation)
    tokenizer.save(os.path.join(out, "tokenizer.json"))
    added = {}
    for token_id, token in sorted(tokenizer.get_added_tokens_decoder().items()):
        added[str(token_id)] = {"content": token.content, "lstrip": token.lstrip, "normalized": token.normalized,
                                "rstrip": token.rstrip, "single_word": token.single_word, "special": token.special}
    tokenizer_config = {
        "added_tokens_decoder": added,
        "bos_token": spec["bos"],
        "chat_template": spec["template"],
        "clean_up_tokenization_spaces": False,
        "eos_token": spec["chat_eos"],
        "model_max_length": spec["config"].get("max_position_embeddings", spec["config"].get("n_positions")),
        "pad_token": spec["pad"],
        "tokenizer_class": spec["tokenizer_class"],
        "unk_token": spec["unk"],
    }
    if spec["add_bos"] is not None:
        tokenizer_config.update(add_bos_token=True, add_eos_token=False, legacy=True)
    write_json(os.path.join(out, "tokenizer_config.json"), tokenizer_config)


def randomize(model, seed):
    """
    Weights large enough that logits spread and greedy choices are clear (HF's std 0.02 init gives near-uniform
    logits): unit-variance embeddings, 1/sqrt(fan_in) projections, norm gains around 1, small biases.
    """
    generator = torch.Generator().manual_seed(seed)
    conv1d = model.config.model_type == "gpt2"
    with torch.no_grad():
        for name, param in model.named_parameters():
            noise = torch.randn(param.shape, generator=generator)
            if param.ndim == 1:
                gain = ("norm" in name or ".ln_" in name or name.startswith("transformer.ln_f")) and name.endswith("weight")
                param.copy_(1 + 0.2 * noise if gain else 0.1 * noise)
            elif "embed_tokens" in name or name.endswith("wte.weight"):
                param.copy_(noise)
            elif name.endswith("wpe.weight"):
                param.copy_(0.3 * noise)
            else:
                fan_in = param.shape[0] if conv1d else param.shape[1]
                param.copy_(noise / fan_in ** 0.5)


def save_weights(model, dtype, out, shard_bytes=None):
    """model.safetensors (or shards + index) under HF names, tied lm_head left out as save_pretrained does."""
    tied = model.config.tie_word_embeddings
    state = {k: v.detach().to(dtype).contiguous() for k, v in model.state_dict().items() if not (tied and k == "lm_head.weight")}
    if shard_bytes is None:
        save_file(state, os.path.join(out, "model.safetensors"), metadata={"format": "pt"})
        return
    shards, current, size = [], {}, 0
    for k, v in state.items():
        nbytes = v.numel() * v.element_size()
        if current and size + nbytes > shard_bytes:
            shards.append(current)
            current, size = {}, 0
        current[k] = v
        size += nbytes
    shards.append(current)
    weight_map = {}
    for i, shard in enumerate(shards):
        file = f"model-{i + 1:05d}-of-{len(shards):05d}.safetensors"
        save_file(shard, os.path.join(out, file), metadata={"format": "pt"})
        weight_map.update({k: file for k in shard})
    total = sum(v.numel() * v.element_size() for v in state.values())
    write_json(os.path.join(out, "model.safetensors.index.json"), {"metadata": {"total_size": total}, "weight_map": dict(sorted(weight_map.items()))})


def float32_base64(tensor):
    return base64.b64encode(tensor.detach().to(torch.float32).contiguous().numpy().astype("<f4").tobytes()).decode("ascii")


def reference(model, prompts):
    """Full-sequence fp32 logits per prompt, and greedy continuations computed without a KV cache (no eos stop)."""
    logits, greedy, margin = [], [], float("inf")
    with torch.no_grad():
        for prompt in prompts:
            logits.append(float32_base64(model(torch.tensor([prompt])).logits[0]))
            ids = list(prompt)
            for _ in range(GREEDY_TOKENS):
                last = model(torch.tensor([ids])).logits[0, -1]
                top = torch.topk(last, 2)
                margin = min(margin, (top.values[0] - top.values[1]).item())
                ids.append(int(top.indices[0]))
            greedy.append(ids[len(prompt):])
    return {"prompts": prompts, "logits": logits, "greedy": greedy}, margin


def load_reference_model(directory):
    return AutoModelForCausalLM.from_pretrained(directory, dtype=torch.float32, attn_implementation="eager").eval()


def build_family(name, spec, tokenizer):
    out = os.path.join(MODEL_FIXTURES, name)
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    write_model_directory(name, spec, tokenizer, out)
    prompts = [tokenizer.encode(text).ids for text in PROMPTS]
    for seed in range(100):
        config = load_config(out)
        model = AutoModelForCausalLM.from_config(config, dtype=torch.float32, attn_implementation="eager")
        randomize(model, 1000 * (list(FAMILIES).index(name) + 1) + seed)
        save_weights(model, spec["dtype"], out, spec.get("shard_bytes"))
        # The reference runs on what a reader loads from the directory (stored dtype widened to fp32).
        loaded = load_reference_model(out)
        result, margin = reference(loaded, prompts)
        if margin >= MIN_GREEDY_MARGIN:
            break
        for file in os.listdir(out):
            if file.endswith(".safetensors"):
                os.remove(os.path.join(out, file))
    else:
        sys.exit(f"{name}: no seed gave greedy margins above {MIN_GREEDY_MARGIN}")
    check_config_understood(name, loaded)
    write_json(os.path.join(out, "reference.json"), result)
    print(f"{name}: seed offset {seed}, vocab {tokenizer.get_vocab_size()}, min greedy margin {margin:.4f}")
    return loaded, prompts


def load_config(directory):
    return AutoConfig.from_pretrained(directory)


def check_config_understood(name, model):
    """The classic config.json fields must reach the model as written (transformers 5 renamed the rope fields)."""
    config = model.config
    if name == "llama":
        rope = getattr(config, "rope_parameters", None) or config.rope_scaling
        assert rope["rope_type"] == "llama3" and rope["original_max_position_embeddings"] == 64 and rope["rope_theta"] == 500000.0, rope
    if name == "mistral":
        rope = getattr(config, "rope_parameters", None) or {"rope_theta": config.rope_theta}
        assert rope["rope_theta"] == 1000000.0, rope


def build_lora(base_model, prompts, tokenizer):
    """PEFT adapter on the llama fixture: r=4, alpha=8, all projections, random nonzero A and B, no dropout."""
    from peft import LoraConfig, get_peft_model

    out = os.path.join(MODEL_FIXTURES, "llama-lora")
    shutil.rmtree(out, ignore_errors=True)
    targets = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]
    config = LoraConfig(r=4, lora_alpha=8, lora_dropout=0.0, target_modules=targets, bias="none", task_type="CAUSAL_LM")
    model = get_peft_model(base_model, config)
    generator = torch.Generator().manual_seed(7)
    with torch.no_grad():
        for pname, param in model.named_parameters():
            if "lora_" in pname:
                param.copy_(torch.randn(param.shape, generator=generator) * 0.3)
    model.save_pretrained(out)
    adapter_config_path = os.path.join(out, "adapter_config.json")
    with open(adapter_config_path, encoding="utf-8") as f:
        adapter_config = json.load(f)
    # save_pretrained records this machine's absolute path; the fixture names its base by directory.
    adapter_config["base_model_name_or_path"] = "llama"
    # PEFT keeps target_modules as a set, so its saved order changes from run to run.
    adapter_config["target_modules"] = sorted(adapter_config["target_modules"])
    write_json(adapter_config_path, dict(sorted(adapter_config.items())))
    readme = os.path.join(out, "README.md")
    if os.path.exists(readme):
        os.remove(readme)
    model.eval()
    result, margin = reference(model, prompts)
    write_json(os.path.join(out, "reference.json"), result)

    # Training reference: completion-only causal-LM loss (labels -100 on prompt tokens; HF shifts labels inside).
    rows = [(tokenizer.encode(p).ids, tokenizer.encode(c, add_special_tokens=False).ids) for p, c in TRAIN_PAIRS]
    length = min(len(p) + len(c) for p, c in rows)
    input_ids = [(p + c)[:length] for p, c in rows]
    labels = [[-100] * len(p) + (p + c)[len(p):length] for p, c in rows]
    model.zero_grad()
    loss = model(input_ids=torch.tensor(input_ids), labels=torch.tensor(labels)).loss
    loss.backward()
    grads = {pname.replace(".default", ""): param.grad.detach().to(torch.float32).contiguous()
             for pname, param in model.named_parameters() if "lora_" in pname}
    from safetensors import safe_open
    with safe_open(os.path.join(out, "adapter_model.safetensors"), "pt") as f:
        assert sorted(f.keys()) == sorted(grads), "gradient names must be the adapter's tensor names"
    save_file(grads, os.path.join(out, "grads.safetensors"), metadata={"format": "pt"})
    write_json(os.path.join(out, "train.json"), {"input_ids": input_ids, "labels": labels, "loss": loss.item()})
    print(f"llama-lora: min greedy margin {margin:.4f}, loss {loss.item():.6f}, {len(grads)} gradients")
    return margin


def tokenizer_goldens(name, tokenizer, out_name=None):
    cases = []
    for case_name, text in GOLDEN_TEXTS + [("special_tokens", special_text(tokenizer))]:
        encoding = tokenizer.encode(text, add_special_tokens=False)
        cases.append({
            "name": case_name, "text": text, "ids": encoding.ids, "tokens": encoding.tokens,
            "decoded": tokenizer.decode(encoding.ids, skip_special_tokens=False),
            # What encode gives with the post-processor's special tokens (BOS for Llama 3 and Mistral).
            "idsWithSpecialTokens": tokenizer.encode(text).ids,
            "decodedSkippingSpecialTokens": tokenizer.decode(tokenizer.encode(text).ids, skip_special_tokens=True),
        })
    write_json(os.path.join(TOKENIZER_FIXTURES, f"{out_name or name}.json"), cases)


def special_text(tokenizer):
    """Every added token inside ordinary text, touching words and spaces on both sides."""
    added = [t.content for _, t in sorted(tokenizer.get_added_tokens_decoder().items())]
    return "start" + " x ".join(added) + "end <|not_a_token|> " + added[-1] + added[0]


def chat_goldens(name, spec):
    directory = os.path.join(MODEL_FIXTURES, name)
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_file=os.path.join(directory, "tokenizer.json"),
        bos_token=spec["bos"], eos_token=spec["chat_eos"], pad_token=spec["pad"], unk_token=spec["unk"],
    )
    tokenizer.chat_template = spec["template"]
    cases = []
    for messages, add_generation_prompt, tools in chat_cases(name):
        text = tokenizer.apply_chat_template(messages, tools=tools, add_generation_prompt=add_generation_prompt, tokenize=False)
        case = {"messages": messages, "add_generation_prompt": add_generation_prompt, "text": text}
        if tools is not None:
            case["tools"] = tools
        cases.append(case)
    for messages, add_generation_prompt, tools in chat_error_cases(name):
        try:
            tokenizer.apply_chat_template(messages, tools=tools, add_generation_prompt=add_generation_prompt, tokenize=False)
            sys.exit(f"{name}: the template accepted a conversation it should reject")
        except Exception as error:  # jinja2's TemplateError carrying raise_exception's message
            cases.append({"messages": messages, "add_generation_prompt": add_generation_prompt, "error": str(error)})
    write_json(os.path.join(TOKENIZER_FIXTURES, f"{name}.chat.json"), cases)


def main():
    os.makedirs(MODEL_FIXTURES, exist_ok=True)
    os.makedirs(TOKENIZER_FIXTURES, exist_ok=True)
    loaded = {}
    for name, spec in FAMILIES.items():
        tokenizer = tokenizers_build.BUILDERS[name]()
        loaded[name] = build_family(name, spec, tokenizer)
        tokenizer_goldens(name, tokenizer)
        chat_goldens(name, spec)
    metaspace = tokenizers_build.mistral_metaspace()
    metaspace.save(os.path.join(TOKENIZER_FIXTURES, "mistral-metaspace.tokenizer.json"))
    tokenizer_goldens("mistral-metaspace", metaspace)
    llama_model, llama_prompts = loaded["llama"]
    margin = build_lora(llama_model, llama_prompts, tokenizers_build.llama())
    if margin < MIN_GREEDY_MARGIN:
        print(f"warning: llama-lora greedy margin {margin:.5f} is below {MIN_GREEDY_MARGIN}")


if __name__ == "__main__":
    main()
