/** The 公安机关 record number's digits, which the 全国互联网安全管理服务平台 query takes. */
export function psbCode(record: string): string {
  return /\d{10,}/.exec(record)?.[0] ?? '';
}

export const ICP_URL = 'https://beian.miit.gov.cn/';
export const psbUrl = (record: string) => `https://beian.mps.gov.cn/#/query/webSearch?code=${psbCode(record)}`;
