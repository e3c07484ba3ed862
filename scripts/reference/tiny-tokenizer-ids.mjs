// Writes tests/PidGpu.Tests/Reference/tiny-vlm-tokenizer-ids.json: the ids that Hugging Face's own JavaScript
// tokenizers (npm @huggingface/tokenizers) give with models/tiny-vlm/tokenizer.json for the scene suite's questions
// and answers (scripts/reference/tiny-vlm-texts.txt, one a line) and for each question in the LLaVA-1.5 template.
// The texts are the distinct questions and answers of SceneTaskSuite.GenerateMixed(40, seed) for seeds 0-24 and the
// answer vocabulary, as C#'s scene suite words them; TextTinyTokenizerJsonTests names any suite text missing here.
// Run from the repository root:
//   (cd scripts/reference && npm ci) && node scripts/reference/tiny-tokenizer-ids.mjs
import { readFileSync, writeFileSync } from "node:fs";
import { Tokenizer } from "@huggingface/tokenizers";

const dir = "models/tiny-vlm";
const textsPath = "scripts/reference/tiny-vlm-texts.txt";
const out = "tests/PidGpu.Tests/Reference/tiny-vlm-tokenizer-ids.json";
const tokenizer = new Tokenizer(JSON.parse(readFileSync(`${dir}/tokenizer.json`, "utf8")), {});
const here = new URL(".", import.meta.url);
const version = JSON.parse(readFileSync(new URL("node_modules/@huggingface/tokenizers/package.json", here), "utf8")).version;

const texts = readFileSync(textsPath, "utf8").split("\n").filter((t) => t.length > 0);
const prompts = texts.filter((t) => t.includes(" ")).map((q) => `USER: <image>\n${q} ASSISTANT:`);
const cases = [...texts, ...prompts].map((text) => ({ text, ids: tokenizer.encode(text, { add_special_tokens: false }).ids }));
const doc = {
  source: `npm @huggingface/tokenizers ${version} (Hugging Face tokenizers.js), Node.js ${process.version}`,
  command: "(cd scripts/reference && npm ci) && node scripts/reference/tiny-tokenizer-ids.mjs",
  tokenizer: `${dir}/tokenizer.json`,
  cases,
};
writeFileSync(out, JSON.stringify(doc, null, 1) + "\n");
console.log(`wrote ${cases.length} cases to ${out}`);
