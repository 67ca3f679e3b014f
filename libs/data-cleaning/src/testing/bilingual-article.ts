/**
 * A bilingual Chinese and English article for tests, with the Chinese written out word by word as a native reader
 * separates it (tokens joined by spaces here; punctuation tokens are not words). That hand segmentation is the
 * independent truth the segmenter's word counts are checked against.
 */
const CHINESE_SEGMENTED = [
  '数据 清洗 是 训练 语言 模型 之前 最 重要 的 步骤 之一 。 我们 首先 删除 重复 的 网页 ， 然后 过滤 质量 很 低 的 文本 ， ' +
    '例如 广告 、 导航 菜单 和 乱码 。 接着 ， 我们 用 规则 检查 每 个 段落 的 长度 、 标点 和 重复 程度 。 最后 ， 我们 把 ' +
    '电子 邮件 地址 和 电话 号码 替换 成 占位符 ， 以 保护 用户 的 隐私 。',
  '在 过去 的 几 年 里 ， 开源 社区 发布 了 许多 多 语言 数据 集 。 这些 数据 集 通常 包含 中文 、 英文 、 日文 和 泰文 的 文章 。 ' +
    '由于 中文 的 词 与 词 之间 没有 空格 ， 如果 按照 空格 计算 词 数 ， 一 整 段 中文 只 会 被 当作 一 两 个 词 ， 结果 几乎 ' +
    '所有 中文 段落 都 会 被 错误 地 删除 。 所以 我们 需要 一 个 真正 的 分词 工具 。',
  '研究 人员 还 发现 ， 模型 在 干净 的 数据 上 训练 时 ， 收敛 得 更 快 ， 生成 的 回答 也 更加 流畅 。 他们 比较 了 两 种 ' +
    '设置 ： 一 种 保留 所有 文本 ， 另 一 种 只 保留 通过 质量 检查 的 文本 。 第二 种 设置 用 的 数据 少 了 三 分 之 一 ， ' +
    '但是 在 大 多数 测试 中 得分 更 高 。 这 说明 数据 的 质量 往往 比 数量 更 重要 。',
];

const PUNCTUATION = /^[。，、：；！？]$/u;

export type ChineseParagraph = { text: string; words: string[] };

export const CHINESE_PARAGRAPHS: ChineseParagraph[] = CHINESE_SEGMENTED.map((segmented) => {
  const tokens = segmented.split(' ');
  return { text: tokens.join(''), words: tokens.filter((token) => !PUNCTUATION.test(token)) };
});

export const ENGLISH_PARAGRAPHS = [
  'Data cleaning is one of the most important steps before a language model is trained. We first remove duplicate ' +
    'web pages, then filter out text of very low quality such as advertisements, navigation menus and garbled ' +
    'characters. Next we check the length, punctuation and repetition of every paragraph, and finally we replace email ' +
    'addresses and phone numbers with placeholders to protect the privacy of users.',
  'Over the past few years the open source community has released many multilingual data sets. They usually hold ' +
    'articles in Chinese, English, Japanese and Thai. Because Chinese puts no spaces between its words, counting words ' +
    'by spaces turns a whole Chinese paragraph into one or two words, and almost every Chinese paragraph is then ' +
    'wrongly removed. That is why a real word segmenter is needed.',
  'Researchers also found that a model trained on clean data converges faster and gives more fluent answers. They ' +
    'compared two settings: one kept all of the text, the other kept only the text that passed the quality checks. ' +
    'The second setting used a third less data but scored higher on most of the tests, which suggests that quality ' +
    'often matters more than quantity.',
];

/** The article as an upload would hold it: each Chinese paragraph followed by its English translation. */
export const BILINGUAL_ARTICLE = CHINESE_PARAGRAPHS.flatMap((zh, i) => [zh.text, ENGLISH_PARAGRAPHS[i]]).join('\n\n');
