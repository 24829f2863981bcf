import type { en } from './en'

type Messages<T> = { [K in keyof T]: T[K] extends string ? string : Messages<T[K]> }

export const zhCN: Messages<typeof en> = {
  menu: { file: '文件', view: '视图', help: '帮助' },
  action: {
    open: '打开…',
    export: { png: '导出为 PNG', jpeg: '导出为 JPEG', webp: '导出为 WebP' },
    zoomToFit: '适合窗口',
    actualPixels: '实际像素 (100%)',
    zoomIn: '放大',
    zoomOut: '缩小',
    language: 'English',
  },
  status: { opening: '正在打开…', exporting: '正在导出…', ready: '就绪', zoom: '缩放 {{percent}}%' },
  empty: {
    title: '打开一张照片开始编辑',
    hint: '使用 文件 › 打开 ({{shortcut}})，把图片拖到这里，或直接粘贴。',
  },
  dismiss: '关闭',
  error: {
    'api.unknownMethod': '编辑器收到了无法识别的请求。',
    'api.badInput': '请求无效：{{message}}',
    'api.badMessage': '发送给编辑器的消息已损坏。',
    'api.tooLarge': '内容超过了单次请求的上限。',
    'api.unauthorized': '此页面无权访问编辑器。',
    'image.empty': '文件是空的。',
    'image.unsupported': '无法打开此文件：不是支持的图片格式（PNG、JPEG、WebP、TIFF、GIF、AVIF 或 HEIF）。',
    'image.corrupt': '图片已损坏或不完整，无法打开。',
    'image.tooManyPixels': '图片太大：{{width}}×{{height}} 超过了 {{limit}} 像素的上限。',
    'image.fileTooLarge': '文件太大，无法打开。',
    'document.notFound': '该文档已不再打开。',
    'compute.crashed': '计算进程意外停止，下一个任务会重新启动它。文档没有任何改动。',
    'compute.cancelled': '已取消。',
    'compute.failed': '操作失败：{{message}}',
    internal: '出现错误：{{message}}',
  },
}
