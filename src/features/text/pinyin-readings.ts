/**
 * Readings that pinyin-pro (3.29) gets wrong in government text, checked one by one
 * against 《现代汉语词典》. pinyin-pro reads 长 in 局长 as cháng, 还 in 还款 as hái and
 * 重 in 重置 as zhòng; each entry here was printed wrong by it before it was added.
 * Words are handed to pinyin-pro's own custom dictionary, so they are also found
 * inside longer words (副局长, 按期还款).
 */
export const WORD_READINGS = {
  // 长 zhǎng: the head of an office.
  局长: 'jú zhǎng',
  处长: 'chù zhǎng',
  所长: 'suǒ zhǎng',
  乡长: 'xiāng zhǎng',
  馆长: 'guǎn zhǎng',
  署长: 'shǔ zhǎng',
  秘书长: 'mì shū zhǎng',
  // 还 huán: to pay back.
  还款: 'huán kuǎn',
  还贷: 'huán dài',
  还本付息: 'huán běn fù xī',
  // 重 chóng: again.
  重置: 'chóng zhì',
  重组: 'chóng zǔ',
  重签: 'chóng qiān',
  重塑: 'chóng sù',
  重铸: 'chóng zhù',
  // 调 diào: to transfer.
  调入: 'diào rù',
  调出: 'diào chū',
  调拨: 'diào bō',
  // 行 xíng: pinyin-pro takes 本行 (our bank) first.
  本行政: 'běn xíng zhèng',
  // Others.
  率先: 'shuài xiān',
  差旅: 'chāi lǚ',
  着装: 'zhuó zhuāng',
  排行: 'pái háng',
  处在: 'chǔ zài',
} as const;

/**
 * Readings of a character that stands alone as a word, by the word's jieba tag
 * (`char/tag`) or whatever its tag (`char`). Alone, pinyin-pro gives a character its
 * most frequent reading over all text (了 liǎo, 地 dì, 应 yìng); as a word of its own
 * in an official text the particle or the modal is meant: 政府的信息 de, 公开了 le,
 * 认真地 de, 应在二十日内 yīng, 供公众查阅 gōng, 只对本机关负责 zhǐ.
 */
export const LONE_CHARACTER_READINGS = {
  '的/uj': 'de',
  '地/uv': 'de',
  '得/ud': 'de',
  '了/ul': 'le',
  '着/uz': 'zhe',
  '只/d': 'zhǐ',
  '干/v': 'gàn',
  '处/v': 'chǔ',
  '种/v': 'zhòng',
  '数/v': 'shǔ',
  应: 'yīng',
  供: 'gōng',
} as const satisfies Record<string, string>;
