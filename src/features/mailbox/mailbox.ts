/**
 * The mailbox's closed vocabularies: channels, states, 网站纠错 error types. The
 * kinds and their default reply limits live with the clock (mailbox.clock.ts).
 */
export { MAILBOX_KINDS, MAILBOX_KIND_KEYS, LETTER_KIND_KEYS, MAILBOX_ALARMS, type MailboxKind, type MailboxAlarm } from './mailbox.clock.js';

export const MAILBOX_CHANNELS = {
  web: { label: '网站留言' },
  phone: { label: '监督电话' },
  api: { label: '接口' },
} as const;
export type MailboxChannel = keyof typeof MAILBOX_CHANNELS;

export const MAILBOX_STATES = {
  open: { label: '办理中' },
  replied: { label: '已答复' },
  closed: { label: '已办结' },
} as const;
export type MailboxState = keyof typeof MAILBOX_STATES;

/** What a 网站纠错 report is about (the 《政府网站发展指引》 error-report channel). */
export const SITE_ERROR_TYPES = {
  typo: { label: '错别字、表述错误' },
  broken_link: { label: '链接无法打开、附件无法下载' },
  outdated: { label: '信息过期、未及时更新' },
  wrong_info: { label: '内容与事实不符' },
  privacy: { label: '泄露个人信息' },
  accessibility: { label: '无障碍、显示或操作问题' },
  other: { label: '其他' },
} as const;
export type SiteErrorType = keyof typeof SITE_ERROR_TYPES;

export const RATINGS = {
  5: '非常满意',
  4: '满意',
  3: '基本满意',
  2: '不满意',
  1: '非常不满意',
} as const;

const keys = <T extends object>(o: T) => Object.keys(o) as (keyof T & string)[];
export const MAILBOX_CHANNEL_KEYS = keys(MAILBOX_CHANNELS);
export const MAILBOX_STATE_KEYS = keys(MAILBOX_STATES);
export const SITE_ERROR_TYPE_KEYS = keys(SITE_ERROR_TYPES);
