/** Suggestions only: industry and province are free text and filter on the exact value. */
export const INDUSTRIES: Record<'zh-CN' | 'en-US', string[]> = {
  'zh-CN': ['制造业', '软件和信息技术', '金融', '医疗健康', '能源', '零售', '物流运输', '教育', '房地产', '政府和公共事业'],
  'en-US': ['Manufacturing', 'Software and IT', 'Finance', 'Healthcare', 'Energy', 'Retail', 'Logistics', 'Education', 'Real estate', 'Public sector'],
};
export const PROVINCES = [
  '北京', '天津', '上海', '重庆', '河北', '山西', '辽宁', '吉林', '黑龙江', '江苏', '浙江', '安徽', '福建', '江西', '山东',
  '河南', '湖北', '湖南', '广东', '海南', '四川', '贵州', '云南', '陕西', '甘肃', '青海', '台湾', '内蒙古', '广西', '西藏',
  '宁夏', '新疆', '香港', '澳门',
];
