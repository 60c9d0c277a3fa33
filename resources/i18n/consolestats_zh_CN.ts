<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Console</name>
    <message>
        <source> days</source>
        <translation>天</translation>
    </message>
    <message>
        <source>(no town)</source>
        <translation>（未填乡镇）</translation>
    </message>
    <message>
        <source>Activities</source>
        <translation>活动场次</translation>
    </message>
    <message>
        <source>All counties</source>
        <translation>全部县市区</translation>
    </message>
    <message>
        <source>All vans</source>
        <translation>全部大篷车</translation>
    </message>
    <message>
        <source>Books and materials</source>
        <translation>发放图书及物资</translation>
    </message>
    <message>
        <source>By county</source>
        <translation>按县市区</translation>
    </message>
    <message>
        <source>By van</source>
        <translation>按车辆</translation>
    </message>
    <message>
        <source>Caravan norms {year}</source>
        <translation>{year}年大篷车运行指标</translation>
    </message>
    <message>
        <source>Certificate register</source>
        <translation>证明出具登记</translation>
    </message>
    <message>
        <source>Certificates issued here or on an office laptop: one register, synced to every laptop.</source>
        <translation>在本网页或办公室电脑上出具的证明都在同一登记中，并同步到每台电脑。</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Counties covered</source>
        <translation>覆盖县市区</translation>
    </message>
    <message>
        <source>County</source>
        <translation>县市区</translation>
    </message>
    <message>
        <source>Coverage (CSV)</source>
        <translation>覆盖情况（CSV）</translation>
    </message>
    <message>
        <source>Coverage (XLSX)</source>
        <translation>覆盖情况（XLSX）</translation>
    </message>
    <message>
        <source>Coverage {year} by county and town</source>
        <translation>{year}年按县市区、乡镇的覆盖情况</translation>
    </message>
    <message>
        <source>Days in the field</source>
        <translation>出车天数</translation>
    </message>
    <message>
        <source>Days since</source>
        <translation>距今天数</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Each person's minutes of each visit become hours rounded half up to one decimal; a person's hours and every total are the sums of those. Only people whose role is volunteer serve as volunteers.</source>
        <translation>每人每场的分钟数折合小时，四舍五入取一位小数；每人的小时数和合计为各场之和。志愿服务时长只计身份为志愿者的人，工作人员的时长单独列出。</translation>
    </message>
    <message>
        <source>From</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <source>Handed out</source>
        <translation>发放</translation>
    </message>
    <message>
        <source>Hours</source>
        <translation>小时</translation>
    </message>
    <message>
        <source>How it is counted</source>
        <translation>口径说明</translation>
    </message>
    <message>
        <source>Indicator</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Issue certificate</source>
        <translation>出具证明</translation>
    </message>
    <message>
        <source>Issue work-time certificate</source>
        <translation>出具工作时长证明</translation>
    </message>
    <message>
        <source>Issued a volunteer service certificate</source>
        <translation>出具志愿服务记录证明</translation>
    </message>
    <message>
        <source>Issued on</source>
        <translation>出具日期</translation>
    </message>
    <message>
        <source>Last visit</source>
        <translation>最近活动</translation>
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
        <source>Names, volunteer numbers and hours only: no telephone or ID number.</source>
        <translation>只列姓名、志愿者编号和时长，不含电话和证件号码。</translation>
    </message>
    <message>
        <source>No certificate issued yet.</source>
        <translation>尚未出具证明。</translation>
    </message>
    <message>
        <source>No school in the site list.</source>
        <translation>站点名单中没有学校。</translation>
    </message>
    <message>
        <source>No van was out this year.</source>
        <translation>本年没有车辆出车。</translation>
    </message>
    <message>
        <source>No volunteer service in this period.</source>
        <translation>本期没有志愿服务。</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Nobody on duty in this period.</source>
        <translation>本期无人上岗。</translation>
    </message>
    <message>
        <source>Not visited</source>
        <translation>未开展活动的站点</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>证明编号</translation>
    </message>
    <message>
        <source>People</source>
        <translation>人次</translation>
    </message>
    <message>
        <source>People served</source>
        <translation>服务人次</translation>
    </message>
    <message>
        <source>Per van and year: at least {days} days in the field and {km} km.</source>
        <translation>每车每年出车不少于 {days} 天、行驶不少于 {km} 公里。</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>证明期间</translation>
    </message>
    <message>
        <source>Period report (PDF)</source>
        <translation>工作统计（PDF）</translation>
    </message>
    <message>
        <source>Period workbook (XLSX)</source>
        <translation>统计工作簿（XLSX）</translation>
    </message>
    <message>
        <source>Public notice list (公示)</source>
        <translation>公示名单</translation>
    </message>
    <message>
        <source>School</source>
        <translation>学校</translation>
    </message>
    <message>
        <source>Schools covered</source>
        <translation>覆盖学校</translation>
    </message>
    <message>
        <source>Schools not visited for the longest time</source>
        <translation>最久未开展活动的学校</translation>
    </message>
    <message>
        <source>Science statistics {year}</source>
        <translation>{year}年科普统计</translation>
    </message>
    <message>
        <source>Science statistics {year} (XLSX)</source>
        <translation>{year}年科普统计（XLSX）</translation>
    </message>
    <message>
        <source>Services</source>
        <translation>服务次数</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Sites</source>
        <translation>站点数</translation>
    </message>
    <message>
        <source>Staff working hours ({n} staff, not volunteer service)</source>
        <translation>工作人员工作时长（{n} 名工作人员，不是志愿服务）</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>统计</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>服务队</translation>
    </message>
    <message>
        <source>The site list is empty.</source>
        <translation>站点名单为空。</translation>
    </message>
    <message>
        <source>To</source>
        <translation>结束日期</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Town</source>
        <translation>乡镇（街道）</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>Van</source>
        <translation>大篷车</translation>
    </message>
    <message>
        <source>Visited</source>
        <translation>已开展活动</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>参与场次</translation>
    </message>
    <message>
        <source>Volunteer no.</source>
        <translation>志愿者编号</translation>
    </message>
    <message>
        <source>Volunteer service hours ({n} volunteers)</source>
        <translation>志愿服务时长（{n} 名志愿者）</translation>
    </message>
    <message>
        <source>Volunteers</source>
        <translation>志愿者</translation>
    </message>
    <message>
        <source>Work report summary</source>
        <translation>工作报告摘要</translation>
    </message>
    <message>
        <source>km</source>
        <translation>公里</translation>
    </message>
    <message>
        <source>met</source>
        <translation>达标</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <source>not met</source>
        <translation>未达标</translation>
    </message>
    <message>
        <source>reissue of {n}</source>
        <translation>补发，原证明 {n}</translation>
    </message>
    <message>
        <source>work time (staff)</source>
        <translation>工作时长证明（工作人员）</translation>
    </message>
</context>
</TS>
