// Writes the reference token ids of tests/PidGpu.Tests/Reference/llava-tokenizer-ids.json with Hugging Face's
// own JavaScript tokenizers (npm @huggingface/tokenizers), an implementation independent of the Rust library
// that PidGpu calls. Run from the repository root:
//   (cd scripts/reference && npm ci) && node scripts/reference/tokenizer-ids.mjs
// Optional arguments: TOKENIZER_DIR OUT_JSON. The prompt list is fixed (no randomness), so a re-run reproduces
// the file byte for byte.
import { readFileSync, writeFileSync } from "node:fs";
import { Tokenizer } from "@huggingface/tokenizers";

const dir = process.argv[2] ?? "tests/PidGpu.Tests/Reference/llava-tokenizer";
const out = process.argv[3] ?? "tests/PidGpu.Tests/Reference/llava-tokenizer-ids.json";
const tokenizerJson = JSON.parse(readFileSync(`${dir}/tokenizer.json`, "utf8"));
const tokenizerConfig = JSON.parse(readFileSync(`${dir}/tokenizer_config.json`, "utf8"));
const tokenizer = new Tokenizer(tokenizerJson, tokenizerConfig);
const here = new URL(".", import.meta.url);
const version = JSON.parse(readFileSync(new URL("node_modules/@huggingface/tokenizers/package.json", here), "utf8")).version;

// GQA-style questions for the paper's six tasks and a few other GQA kinds.
const objects = ["jar", "surfer", "surfboard", "marker", "post", "curtain", "grass", "mud", "man", "woman",
  "dog", "cat", "bird", "horse", "car", "bus", "table", "chair", "shirt", "T-shirt", "umbrella", "sky", "tree",
  "plate", "cup", "laptop", "sign", "fence", "boat", "girl"];
const colors = ["red", "white", "blue", "brown", "black", "green", "yellow", "orange", "gray", "pink"];
const pairs = [["full", "empty"], ["large", "small"], ["wooden", "metal"], ["open", "closed"], ["tall", "short"],
  ["standing", "sitting"], ["clean", "dirty"], ["old", "young"], ["wet", "dry"], ["light", "dark"]];
const kinds = [["animal", "cat", "bird"], ["vehicle", "car", "bus"], ["furniture", "table", "chair"],
  ["clothing", "shirt", "jacket"], ["food", "pizza", "sandwich"]];
const questions = [];
for (let i = 0; i < objects.length; i++) {
  const o = objects[i], p = objects[(i + 7) % objects.length], [a, b] = pairs[i % pairs.length];
  const c = colors[i % colors.length], [k, x, y] = kinds[i % kinds.length];
  questions.push(
    `Is the ${o} ${a} or ${b}?`,
    i % 2 === 0 ? `Which kind of ${k} is this, a ${x} or a ${y}?` : `Is this ${k} near the ${o} a ${y} or a ${x}?`,
    `Is the ${o} to the left or to the right of the ${p}?`,
    `What do the ${o} and the ${p} have in common?`,
    `Is there any ${o} or ${p} that is not ${c}?`,
    `On which side of the photo is the ${o}?`,
    `What color is the ${o}?`,
    `Are there both ${o}s and ${p}s in this image?`);
}
questions.push("Who is wearing the shirt?", "What is the man holding?", "Do the cup and the plate have the same color?",
  "Does the table look wooden?", "Is the sky cloudy or clear?", "What is the name of the piece of furniture that is to the left of the lamp?",
  "Are the pants different in color than the shirt?", "Is the person's hair short or long?");

const answers = ["yes", "no", "full", "empty", "left", "right", "red", "white", "wooden", "metal", "cat", "bird", "color", "material",
  "shape", "T-shirt", "fire hydrant", "teddy bear", "sitting", "2", "Yes", "No", " yes", "yes.", "Left"];

const numbers = ["0", "1", "7", "42", "100", "2026", "3.14", "-7", "+5", "1,000,000", "1e-6", "007", "10:30",
  "$5.99", "50%", "2026-12-06", "1/2", "½", "3rd", "21st century", "0x1F", "IV", "12345678901234567890",
  "There are 3 dogs and 12 cats.", "How many birds are there? 4"];

const punctuation = ["Hello, world!", "What?!", "...", "…", "(a)", "[b]", "{c}", "\"quoted\"", "'single'",
  "it's", "don't", "a/b", "a\\b", "#tag", "@user", "~", "`code`", "a--b", "a—b", "x_y", "<html>", "&amp;",
  "?", "!", ",", ".", ";:", "a.b.c", "e.g.", "Mr. Smith's car.", "(Is it red?)", "«guillemets»", "“curly”",
  "‘single curly’", "¿Qué?", "¡Hola!", "**bold**", "__init__", "->", "=>", "!=", "==", "<=", ">=", "||", "&&"];

const unicode = ["café", "naïve", "Müller", "Straße", "ß", "ﬁ", "日本語", "中文问题", "这是什么颜色？", "Привет, мир",
  "Ελληνικά", "עברית", "العربية", "हिन्दी", "한국어", "ไทย", "Tiếng Việt", "emoji 🍎🐱🚗", "👍🏽", "👨‍👩‍👧",
  "🇫🇷", "e\u0301", "\u00a0nbsp", "zero\u200bwidth", "Ω≈ç√∫", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "™©®", "°C", "µm", "∞",
  "Is the café's sign red?", "Wie heißt das Tier?", "Quelle est la couleur du chat ?", "\u0000nul", "\u007f",
  "\uFEFFbom", "\u2028sep", "Ａｂｃ", "ｶﾀｶﾅ", "x\u0300\u0301\u0302"];

const spacing = [" leading", "trailing ", "  double  space  ", " ", "   ", "", "a    b", "\tTab", "tab\tinside",
  "\n", "\n\n", "line1\nline2", "a \n b", " \n ", "\r\n", "cr\rlf", "end\n", "\nstart", "   three leading",
  "several   inner   spaces", "\nAnswer the question using a single word or phrase.",
  " \nAnswer the question using a single word or phrase.", "USER:", " ASSISTANT:", "ASSISTANT:", "USER: ",
  "word\n\n\nword", " \t \n mixed"];

const specials = ["<image>", "<image><image>", "text<image>text", " <image> ", "<image>\n", "\n<image>", "<s>",
  "</s>", "<pad>", "<unk>", "< image >", "<Image>", "<imag", "image>", "<s>USER:", "a</s>b", "<pad><pad>",
  "USER: <image>\nWhat's the content of the image? ASSISTANT:"];

// LLaVA's vicuna_v1 conversation (sep " ", sep2 "</s>") with the image first and the short-answer instruction,
// as LLaVA's GQA evaluation builds it.
const system = "A chat between a curious human and an artificial intelligence assistant. " +
  "The assistant gives helpful, detailed, and polite answers to the human's questions.";
const vicuna = (q) => `${system} USER: <image>\n${q}\nAnswer the question using a single word or phrase. ASSISTANT:`;
const templated = questions.filter((_, i) => i % 3 === 0).map(vicuna);
templated.push(vicuna("Is the café's sign red or blue?"), vicuna("Is there any grass or mud that is not brown?"), vicuna("  How many  dogs?  "), vicuna("日本語の質問？"),
  `${system} USER: <image>\nIs the jar full or empty? ASSISTANT: full</s>`);

const groups = { question: questions, answer: answers, number: numbers, punctuation, unicode, spacing,
  special: specials, template: templated };
const cases = [], seen = new Set();
for (const [group, texts] of Object.entries(groups))
  for (const text of texts.filter((t) => !seen.has(t) && seen.add(t)))
    cases.push({
      group,
      text,
      ids: tokenizer.encode(text).ids,
      ids_plain: tokenizer.encode(text, { add_special_tokens: false }).ids,
    });

const doc = {
  source: `npm @huggingface/tokenizers ${version} (Hugging Face tokenizers.js), Node.js ${process.version}`,
  command: "(cd scripts/reference && npm ci) && node scripts/reference/tokenizer-ids.mjs",
  tokenizer: dir,
  note: "ids: encode(text) with the special tokens of the post-processor (BOS); ids_plain: add_special_tokens false",
  cases,
};
writeFileSync(out, JSON.stringify(doc, null, 1) + "\n");
console.log(`wrote ${cases.length} cases to ${out}`);
