// What the shipped seed (seeds/000_bc60f894ced19436.txt) holds, as the pages must show it.
const path = require('node:path');

module.exports = {
  BYTEDANCE: 'ByteDance Plans New AI Model Trained With Huawei Chips',
  VOLKSWAGEN: 'Volkswagen Workers to Go on Warning Strikes Across Germany',
  BYTEDANCE_PATH: 'articles/bytedance-plans-new-ai-model-trained-with-huawei-chips',
  VOLKSWAGEN_PATH: 'articles/volkswagen-workers-to-go-on-warning-strikes-across-germany',
  MISSING_PATH: 'articles/no-such-article',
  SCREENSHOTS: path.resolve(__dirname, '..', '..', 'target', 'screenshots'),
};
