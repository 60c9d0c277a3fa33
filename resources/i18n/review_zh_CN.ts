<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Console</name>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Approval withdrawn</source>
        <translation>撤销通过</translation>
    </message>
    <message>
        <source>Approval withdrawn; the visit awaits review again.</source>
        <translation>已撤销通过；活动重新待审核。</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>通过</translation>
    </message>
    <message>
        <source>Approve a whole day or van</source>
        <translation>按日期或车辆批量通过</translation>
    </message>
    <message>
        <source>Approve all awaiting review</source>
        <translation>全部通过（仅待审核的）</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>通过</translation>
    </message>
    <message>
        <source>Approved {n} visits.</source>
        <translation>已通过 {n} 个活动。</translation>
    </message>
    <message>
        <source>Approved.</source>
        <translation>已通过。</translation>
    </message>
    <message>
        <source>By</source>
        <translation>审核人</translation>
    </message>
    <message>
        <source>County</source>
        <translation>县市区</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>审核结论</translation>
    </message>
    <message>
        <source>Download XLSX</source>
        <translation>下载 XLSX</translation>
    </message>
    <message>
        <source>Every visit of that day and/or van awaiting review is approved; returned and approved visits are left as they are.</source>
        <translation>该日期和/或该车辆所有待审核的活动都将通过；已退回和已通过的活动不变。</translation>
    </message>
    <message>
        <source>History</source>
        <translation>审核记录</translation>
    </message>
    <message>
        <source>Last returned because:</source>
        <translation>上次退回原因：</translation>
    </message>
    <message>
        <source>No decisions yet.</source>
        <translation>还没有审核记录。</translation>
    </message>
    <message>
        <source>No visits match.</source>
        <translation>没有符合条件的活动。</translation>
    </message>
    <message>
        <source>Official reports count</source>
        <translation>正式报表统计</translation>
    </message>
    <message>
        <source>Reason for returning (the crew sees it)</source>
        <translation>退回原因（车组会看到）</translation>
    </message>
    <message>
        <source>Reason for withdrawing the approval</source>
        <translation>撤销通过的原因</translation>
    </message>
    <message>
        <source>Return</source>
        <translation>退回</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>退回</translation>
    </message>
    <message>
        <source>Returned to the crew with the reason; their laptop shows it after its next sync.</source>
        <translation>已退回车组并写明原因；车组的电脑下次同步后会显示。</translation>
    </message>
    <message>
        <source>Review state</source>
        <translation>审核状态</translation>
    </message>
    <message>
        <source>Round</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>学校/站点</translation>
    </message>
    <message>
        <source>The crew corrected the visit after it was returned and completed it again.</source>
        <translation>车组在退回后修改了活动并再次完成（重新提交）。</translation>
    </message>
    <message>
        <source>The laptops follow this after their next sync, so their papers and the console's agree.</source>
        <translation>各台电脑下次同步后按此设置统计，电脑和网页上的报表一致。</translation>
    </message>
    <message>
        <source>The visit is not completed (or the crew reopened it): it can be reviewed once it is completed.</source>
        <translation>活动还没有完成（或已被车组重新打开），完成后才能审核。</translation>
    </message>
    <message>
        <source>The visit's figures</source>
        <translation>活动的数据</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Withdraw approval</source>
        <translation>撤销通过</translation>
    </message>
    <message>
        <source>approved visits only</source>
        <translation>仅已通过审核的活动</translation>
    </message>
    <message>
        <source>every completed visit</source>
        <translation>全部已完成活动</translation>
    </message>
</context>
<context>
    <name>VisitsPage</name>
    <message>
        <source>Review</source>
        <translation>审核</translation>
    </message>
    <message>
        <source>Office review: {state}. Reopen the visit, correct it and complete it again to resubmit.</source>
        <translation>办公室审核：{state}。请重新打开活动，修改后再次完成即可重新提交。</translation>
    </message>
    <message>
        <source>Returned by the office: {reason}. Complete the visit again to resubmit it.</source>
        <translation>办公室退回：{reason}。修改后再次完成活动即可重新提交。</translation>
    </message>
    <message>
        <source>Office review: {state}</source>
        <translation>办公室审核：{state}</translation>
    </message>
</context>
</TS>
