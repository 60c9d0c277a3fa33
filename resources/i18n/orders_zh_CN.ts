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
        <source>Apply this plan</source>
        <translation>按此方案派单</translation>
    </message>
    <message>
        <source>Ask for a science caravan visit</source>
        <translation>预约科普大篷车（点单）</translation>
    </message>
    <message>
        <source>Ask for another visit</source>
        <translation>再预约一次</translation>
    </message>
    <message>
        <source>Assign</source>
        <translation>派单</translation>
    </message>
    <message>
        <source>Audience</source>
        <translation>参加对象</translation>
    </message>
    <message>
        <source>Audience (groups)</source>
        <translation>参加对象</translation>
    </message>
    <message>
        <source>Cannot be planned inside their window:</source>
        <translation>在希望日期内无法安排：</translation>
    </message>
    <message>
        <source>Cannot be served: {reason}</source>
        <translation>未能安排：{reason}</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>变化</translation>
    </message>
    <message>
        <source>Check the number you were given (for example 2026-0012-K7QM) and try again.</source>
        <translation>请核对收到的点单编号（例如 2026-0012-K7QM）后再试。</translation>
    </message>
    <message>
        <source>Choose the school from the list again.</source>
        <translation>请重新从名单中选择学校。</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>请选择…</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>意见和建议</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Contact person</source>
        <translation>联系人</translation>
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
        <source>Days in the year</source>
        <translation>全年出车天数</translation>
    </message>
    <message>
        <source>Days planned</source>
        <translation>计划天数</translation>
    </message>
    <message>
        <source>Decline</source>
        <translation>不能安排</translation>
    </message>
    <message>
        <source>Done. Thank you!</source>
        <translation>已完成，谢谢！</translation>
    </message>
    <message>
        <source>Each van's year with this plan</source>
        <translation>按此方案各车全年情况</translation>
    </message>
    <message>
        <source>Earliest date</source>
        <translation>最早日期</translation>
    </message>
    <message>
        <source>How many people</source>
        <translation>人数</translation>
    </message>
    <message>
        <source>How was it? (1 poor – 5 excellent)</source>
        <translation>您的评价（1 很差 – 5 很好）</translation>
    </message>
    <message>
        <source>Latest date</source>
        <translation>最晚日期</translation>
    </message>
    <message>
        <source>New school or site: its name</source>
        <translation>新学校/地点名称</translation>
    </message>
    <message>
        <source>No request with this number</source>
        <translation>没有这个编号的点单</translation>
    </message>
    <message>
        <source>No requests.</source>
        <translation>没有点单。</translation>
    </message>
    <message>
        <source>Norm (120 days or 10,000 km)</source>
        <translation>年度要求（120 天或 10000 公里）</translation>
    </message>
    <message>
        <source>Not in the list: a new one (below)</source>
        <translation>名单中没有：填写新学校（下方）</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Plan the season</source>
        <translation>编排计划</translation>
    </message>
    <message>
        <source>Planned for {date}.</source>
        <translation>已安排在 {date}。</translation>
    </message>
    <message>
        <source>Rate the visit</source>
        <translation>评价这次活动</translation>
    </message>
    <message>
        <source>Received: the office will plan it.</source>
        <translation>已收到，办公室将统一安排。</translation>
    </message>
    <message>
        <source>Remarks</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>点单</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>点单</translation>
    </message>
    <message>
        <source>School or site</source>
        <translation>学校/地点</translation>
    </message>
    <message>
        <source>Send the rating</source>
        <translation>提交评价</translation>
    </message>
    <message>
        <source>Send the request</source>
        <translation>提交点单</translation>
    </message>
    <message>
        <source>Show its schools</source>
        <translation>显示该县的学校</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Thank you! You can change your rating for a week.</source>
        <translation>谢谢！一周内可以修改评价。</translation>
    </message>
    <message>
        <source>The form has expired. Check it and send it again.</source>
        <translation>表单已过期，请检查后重新提交。</translation>
    </message>
    <message>
        <source>The number of people must be a whole number.</source>
        <translation>人数应为整数。</translation>
    </message>
    <message>
        <source>This rating link does not work</source>
        <translation>这个评价链接无效</translation>
    </message>
    <message>
        <source>To change one request, assign it by hand on the list; the next proposal keeps it.</source>
        <translation>要调整某一个点单，请在列表中手动派单；下次编排会保留它。</translation>
    </message>
    <message>
        <source>Too many forms or look-ups came from your network. Wait ten minutes and try again, or call the office.</source>
        <translation>您所在的网络提交或查询太频繁。请十分钟后再试，或致电办公室。</translation>
    </message>
    <message>
        <source>Too many requests</source>
        <translation>请求太频繁</translation>
    </message>
    <message>
        <source>Topics you would like</source>
        <translation>希望的主题</translation>
    </message>
    <message>
        <source>Town</source>
        <translation>乡镇/街道</translation>
    </message>
    <message>
        <source>Use the link or QR code on the visit report. A visit can be rated once it is done.</source>
        <translation>请使用活动报告上的链接或二维码；活动完成后才能评价。</translation>
    </message>
    <message>
        <source>Van</source>
        <translation>车辆</translation>
    </message>
    <message>
        <source>Van and date</source>
        <translation>车辆和日期</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>希望日期</translation>
    </message>
    <message>
        <source>You get a request number; with it you can see on this site when the caravan comes.</source>
        <translation>提交后会得到点单编号，凭编号可在本网站查看大篷车何时来。</translation>
    </message>
    <message>
        <source>Your request was received. Keep its number:</source>
        <translation>点单已收到，请记下编号：</translation>
    </message>
    <message>
        <source>afternoon</source>
        <translation>下午</translation>
    </message>
    <message>
        <source>e.g. pupils of grades 3-6</source>
        <translation>例如 三至六年级学生</translation>
    </message>
    <message>
        <source>kept</source>
        <translation>不变</translation>
    </message>
    <message>
        <source>km in the year</source>
        <translation>全年公里数</translation>
    </message>
    <message>
        <source>km planned</source>
        <translation>计划公里数</translation>
    </message>
    <message>
        <source>met</source>
        <translation>已达到</translation>
    </message>
    <message>
        <source>morning</source>
        <translation>上午</translation>
    </message>
    <message>
        <source>moved</source>
        <translation>调整</translation>
    </message>
    <message>
        <source>new</source>
        <translation>新</translation>
    </message>
    <message>
        <source>not yet</source>
        <translation>未达到</translation>
    </message>
    <message>
        <source>reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>van</source>
        <translation>车辆</translation>
    </message>
    <message>
        <source>{n} visits, about {km} km. Visits already planned stay where they still fit.</source>
        <translation>共 {n} 场，约 {km} 公里。已安排的活动只要仍然合适就保持不变。</translation>
    </message>
    <message>
        <source>Rating</source>
        <translation>评分</translation>
    </message>
    <message>
        <source>Follow up</source>
        <translation>需回访</translation>
    </message>
</context>
<context>
    <name>VisitsPage</name>
    <message>
        <source>Accept</source>
        <translation>接单</translation>
    </message>
    <message>
        <source>Decline</source>
        <translation>不接单</translation>
    </message>
    <message>
        <source>Decline…</source>
        <translation>不接单…</translation>
    </message>
    <message>
        <source>Request {number}: {who}</source>
        <translation>点单 {number}：{who}</translation>
    </message>
    <message>
        <source>Why can the crew not make this visit? (the office plans it again)</source>
        <translation>车组为什么不能完成这次活动？（办公室会重新安排）</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>已接单</translation>
    </message>
    <message>
        <source>declined: {reason}</source>
        <translation>未接单：{reason}</translation>
    </message>
    <message>
        <source>{n} people</source>
        <translation>{n} 人</translation>
    </message>
</context>
</TS>
