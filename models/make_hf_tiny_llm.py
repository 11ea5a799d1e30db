"""A tiny Hugging Face causal LM directory, written offline, for the OpenAI-compatible
streaming peer the HTTP tests start (`transformers serve DIR`, tests/e2e/test_openai_peer.c).

What it writes into --out: a LlamaForCausalLM with seeded random weights (2 layers,
hidden 64: a few hundred thousand parameters) saved with save_pretrained, and a byte-level
BPE tokenizer trained with the `tokenizers` library on assets/texts/corpus.txt, saved as a
PreTrainedTokenizerFast with a one-line chat template. Nothing comes from the hub.

Two choices make the generated length fixed and every token one streamed event:
- no end-of-sequence token (generation_config.eos_token_id is None), so a request always
  generates max_tokens tokens;
- the tokenizer's alphabet is only the bytes the corpus holds (ASCII) and it has no special
  tokens, so every token decodes to non-empty text on its own: the server streams one
  content event per generated token.
The weights are random: the text is gibberish, but deterministic at temperature 0.

    make_hf_tiny_llm.py --out DIR [--corpus FILE] [--seed N]
"""

import argparse
import os
import sys


def main() -> int:
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True, help="directory to write (created)")
    ap.add_argument("--corpus", default=os.path.join(here, "..", "assets", "texts", "corpus.txt"))
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--vocab", type=int, default=512, help="BPE vocabulary size to aim for")
    args = ap.parse_args()

    import torch
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import GenerationConfig, LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

    with open(args.corpus, encoding="utf-8") as f:
        text = f.read()
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    # no initial_alphabet: only the byte symbols the corpus holds, so no partial UTF-8 tokens
    trainer = trainers.BpeTrainer(vocab_size=args.vocab, min_frequency=1, special_tokens=[],
                                  show_progress=False)
    tok.train_from_iterator(text.splitlines(), trainer=trainer)
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, clean_up_tokenization_spaces=False)
    fast.chat_template = ("{% for m in messages %}{{ m['role'] }}: {{ m['content'] }}\n{% endfor %}"
                          "{% if add_generation_prompt %}assistant:{% endif %}")

    torch.manual_seed(args.seed)
    config = LlamaConfig(vocab_size=len(fast), hidden_size=64, intermediate_size=128,
                         num_hidden_layers=2, num_attention_heads=4, num_key_value_heads=4,
                         max_position_embeddings=1024, bos_token_id=None, eos_token_id=None,
                         pad_token_id=None, tie_word_embeddings=False)
    model = LlamaForCausalLM(config).eval()
    model.generation_config = GenerationConfig(do_sample=False, eos_token_id=None, pad_token_id=0,
                                               bos_token_id=None)
    os.makedirs(args.out, exist_ok=True)
    model.save_pretrained(args.out)
    fast.save_pretrained(args.out)
    print("make_hf_tiny_llm: %s (vocabulary %d, %d parameters)"
          % (args.out, len(fast), sum(p.numel() for p in model.parameters())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
