<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ReportPreview</name>
    <message>
        <source>Generate a report to see it here.</source>
        <translation>生成报告后在此预览。</translation>
    </message>
    <message>
        <source>No preview on this computer; the PDF is ready to save, open or print.</source>
        <translation>本机无法预览；PDF 已生成，可保存、打开或打印。</translation>
    </message>
    <message>
        <source>Preview of the first %1 of %2 pages.</source>
        <translation>预览前 %1 页（共 %2 页）。</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <source>Visit report</source>
        <translation>活动记录表</translation>
    </message>
    <message>
        <source>Day receipt</source>
        <translation>日结单</translation>
    </message>
    <message>
        <source>Period statistics</source>
        <translation>工作统计</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>活动</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Van</source>
        <translation>大篷车</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <source>Quarter</source>
        <translation>季度</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>年份</translation>
    </message>
    <message>
        <source>Date range</source>
        <translation>日期范围</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>统计期</translation>
    </message>
    <message>
        <source>From</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <source>To</source>
        <translation>结束日期</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>生成报告(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Save PDF…</source>
        <translation>保存 PDF(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Open in viewer</source>
        <translation>用 PDF 阅读器打开(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation>打印(&amp;P)…</translation>
    </message>
    <message>
        <source>Export &amp;Excel…</source>
        <translation>导出 Excel(&amp;E)…</translation>
    </message>
    <message>
        <source>Export &amp;CSV…</source>
        <translation>导出 CSV(&amp;C)…</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>核验</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>报告</translation>
    </message>
    <message>
        <source>Use the report</source>
        <translation>使用报告</translation>
    </message>
    <message>
        <source>Check a verification code</source>
        <translation>核验活动记录表二维码</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>报告</translation>
    </message>
    <message>
        <source>All vans</source>
        <translation>全部大篷车</translation>
    </message>
    <message>
        <source>Generating…</source>
        <translation>正在生成…</translation>
    </message>
    <message>
        <source>Generating report</source>
        <translation>正在生成报告</translation>
    </message>
    <message numerus="yes">
        <source>%n page(s): %1</source>
        <translation>
            <numerusform>共 %n 页：%1</numerusform>
        </translation>
    </message>
    <message>
        <source>Saved: %1</source>
        <translation>已保存：%1</translation>
    </message>
    <message>
        <source>Save PDF</source>
        <translation>保存 PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>No PDF viewer found. The file is at: %1</source>
        <translation>没有找到 PDF 阅读器。文件位置：%1</translation>
    </message>
    <message>
        <source>Preparing pages for the printer…</source>
        <translation>正在准备打印页面…</translation>
    </message>
    <message>
        <source>Printing</source>
        <translation>正在打印</translation>
    </message>
    <message>
        <source>The printer could not be started.</source>
        <translation>无法启动打印机。</translation>
    </message>
    <message numerus="yes">
        <source>Sent %n page(s) to the printer.</source>
        <translation>
            <numerusform>已发送 %n 页到打印机。</numerusform>
        </translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <source>Exporting</source>
        <translation>正在导出</translation>
    </message>
    <message>
        <source>Exported: %1</source>
        <translation>已导出：%1</translation>
    </message>
    <message>
        <source>Export Excel</source>
        <translation>导出 Excel</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Folder for the CSV files</source>
        <translation>选择保存 CSV 的文件夹</translation>
    </message>
</context>
</TS>
