<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
    <context>
        <name>Console</name>
        <message>
            <source>Activity kind</source>
            <translation>活动类型</translation>
        </message>
        <message>
            <source>All</source>
            <translation>全部</translation>
        </message>
        <message>
            <source>Arrived</source>
            <translation>到达</translation>
        </message>
        <message>
            <source>Clear</source>
            <translation>清除</translation>
        </message>
        <message>
            <source>Contact</source>
            <translation>联系人</translation>
        </message>
        <message>
            <source>Copies</source>
            <translation>数量</translation>
        </message>
        <message>
            <source>Corrections and reopenings</source>
            <translation>更正与重新打开</translation>
        </message>
        <message>
            <source>Count taken back</source>
            <translation>撤回人数</translation>
        </message>
        <message>
            <source>County</source>
            <translation>县市区</translation>
        </message>
        <message>
            <source>Crew and minutes on duty</source>
            <translation>值守人员与时长（分钟）</translation>
        </message>
        <message>
            <source>Date</source>
            <translation>日期</translation>
        </message>
        <message>
            <source>Download</source>
            <translation>下载</translation>
        </message>
        <message>
            <source>Group</source>
            <translation>类别</translation>
        </message>
        <message>
            <source>Hand-out undone or returned</source>
            <translation>发放撤销或退回</translation>
        </message>
        <message>
            <source>Hand-outs by title and unit</source>
            <translation>发放（按书名与单位）</translation>
        </message>
        <message>
            <source>How</source>
            <translation>方式</translation>
        </message>
        <message>
            <source>Laptops: last sync, changes not yet sent</source>
            <translation>笔记本：最近同步、未上传的更改</translation>
        </message>
        <message>
            <source>Left</source>
            <translation>离开</translation>
        </message>
        <message>
            <source>Minutes</source>
            <translation>分钟</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>姓名</translation>
        </message>
        <message>
            <source>Next</source>
            <translation>下一页</translation>
        </message>
        <message>
            <source>Next day</source>
            <translation>后一天</translation>
        </message>
        <message>
            <source>No corrections.</source>
            <translation>没有更正。</translation>
        </message>
        <message>
            <source>No one signed in.</source>
            <translation>没有人签到。</translation>
        </message>
        <message>
            <source>No one was on duty.</source>
            <translation>没有值守记录。</translation>
        </message>
        <message>
            <source>No van is out on this day.</source>
            <translation>这一天没有车辆出车。</translation>
        </message>
        <message>
            <source>No visit matches these filters.</source>
            <translation>没有符合条件的活动。</translation>
        </message>
        <message>
            <source>No visit on this day</source>
            <translation>这一天没有活动</translation>
        </message>
        <message>
            <source>Nothing was handed out.</source>
            <translation>没有发放。</translation>
        </message>
        <message>
            <source>Odometer</source>
            <translation>里程表</translation>
        </message>
        <message>
            <source>Off</source>
            <translation>离岗</translation>
        </message>
        <message>
            <source>On</source>
            <translation>上岗</translation>
        </message>
        <message>
            <source>Organisation</source>
            <translation>单位</translation>
        </message>
        <message>
            <source>Page {page} of {pages}</source>
            <translation>第 {page} 页，共 {pages} 页</translation>
        </message>
        <message>
            <source>People</source>
            <translation>人数</translation>
        </message>
        <message>
            <source>People by group</source>
            <translation>各类人数</translation>
        </message>
        <message>
            <source>People counted</source>
            <translation>人数</translation>
        </message>
        <message>
            <source>Previous</source>
            <translation>上一页</translation>
        </message>
        <message>
            <source>Previous day</source>
            <translation>前一天</translation>
        </message>
        <message>
            <source>Read at {time}</source>
            <translation>读取时间 {time}</translation>
        </message>
        <message>
            <source>Reload</source>
            <translation>刷新</translation>
        </message>
        <message>
            <source>Reopened</source>
            <translation>重新打开</translation>
        </message>
        <message>
            <source>Report number</source>
            <translation>报告编号</translation>
        </message>
        <message>
            <source>Show</source>
            <translation>查询</translation>
        </message>
        <message>
            <source>Sign-in voided</source>
            <translation>签到作废</translation>
        </message>
        <message>
            <source>Sign-ins</source>
            <translation>签到</translation>
        </message>
        <message>
            <source>Signed in</source>
            <translation>签到人数</translation>
        </message>
        <message>
            <source>Site</source>
            <translation>地点</translation>
        </message>
        <message>
            <source>Team</source>
            <translation>队伍</translation>
        </message>
        <message>
            <source>Theme</source>
            <translation>主题</translation>
        </message>
        <message>
            <source>Time</source>
            <translation>时间</translation>
        </message>
        <message>
            <source>Title</source>
            <translation>读物/资料</translation>
        </message>
        <message>
            <source>To date</source>
            <translation>结束日期</translation>
        </message>
        <message>
            <source>From date</source>
            <translation>开始日期</translation>
        </message>
        <message>
            <source>Total</source>
            <translation>合计</translation>
        </message>
        <message>
            <source>Town</source>
            <translation>乡镇街道</translation>
        </message>
        <message>
            <source>Unit</source>
            <translation>单位</translation>
        </message>
        <message>
            <source>Verification code</source>
            <translation>核验码</translation>
        </message>
        <message>
            <source>Visit</source>
            <translation>活动</translation>
        </message>
        <message>
            <source>Visit report (PDF), as the laptop prints it</source>
            <translation>活动记录表（PDF，与笔记本打印的相同）</translation>
        </message>
        <message>
            <source>hand-outs</source>
            <translation>发放</translation>
        </message>
        <message>
            <source>never</source>
            <translation>从未</translation>
        </message>
        <message>
            <source>no laptop enrolled</source>
            <translation>没有登记的笔记本</translation>
        </message>
        <message>
            <source>no reading for this day</source>
            <translation>当天没有里程读数</translation>
        </message>
        <message>
            <source>sign-ins</source>
            <translation>签到</translation>
        </message>
        <message>
            <source>visits</source>
            <translation>活动</translation>
        </message>
        <message>
            <source>{n} not sent</source>
            <translation>{n} 条未上传</translation>
        </message>
        <message>
            <source>{n} visits</source>
            <translation>共 {n} 场活动</translation>
        </message>
    </context>
</TS>