"""openai_client_check.py — the OpenAI Python client (client.audio.speech, not
written here) against `ltbench serve`'s /v1/audio/speech: a WAV whole, the same
text as streamed raw PCM (the same number of samples), and errors the client
raises (an unknown model: 404; a format not made: 400).

  openai_client_check.py http://HOST:PORT/v1 MODEL_NAME   exit 0, "openai: ok"
"""
import io
import sys
import wave

import openai

TEXT = "The quick brown fox jumps over the lazy dog, then rests in the warm sun."


def main() -> None:
    base, model = sys.argv[1], sys.argv[2]
    client = openai.OpenAI(base_url=base, api_key="unused")
    wav = client.audio.speech.create(model=model, voice="alloy", input=TEXT,
                                     response_format="wav").read()
    with wave.open(io.BytesIO(wav)) as w:
        assert w.getnchannels() == 1 and w.getsampwidth() == 2, (w.getnchannels(), w.getsampwidth())
        frames, rate = w.getnframes(), w.getframerate()
    assert frames > rate // 10, (frames, rate)

    chunks = []
    with client.audio.speech.with_streaming_response.create(
            model=model, voice="alloy", input=TEXT, response_format="pcm") as stream:
        assert stream.headers.get("x-sample-rate") == str(rate), dict(stream.headers)
        for chunk in stream.iter_bytes():
            chunks.append(chunk)
    pcm = b"".join(chunks)
    assert len(pcm) % 2 == 0 and len(pcm) // 2 == frames, (len(pcm), frames)

    try:
        client.audio.speech.create(model="no_such_model", voice="alloy", input=TEXT)
        raise AssertionError("an unknown model was answered")
    except openai.NotFoundError as e:
        assert "no_such_model" in str(e), str(e)
    try:
        client.audio.speech.create(model=model, voice="alloy", input=TEXT, response_format="mp3")
        raise AssertionError("mp3 was answered")
    except openai.BadRequestError as e:
        assert "mp3" in str(e), str(e)
    print(f"openai: ok ({frames} frames at {rate} Hz, {len(chunks)} pcm chunks)")


if __name__ == "__main__":
    main()
