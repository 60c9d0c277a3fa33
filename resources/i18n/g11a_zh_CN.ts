<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ScanRouter</name>
    <message>
        <source>Badge read, but no visit is open: press Arrive on Today first.</source>
        <translation>已读取胸卡，但没有进行中的活动：请先在“今日”页点“到达”。</translation>
    </message>
    <message>
        <source>{name} on duty {time}</source>
        <translation>{name} 上岗 {time}</translation>
    </message>
    <message>
        <source>{name} off duty {time}</source>
        <translation>{name} 下岗 {time}</translation>
    </message>
    <message>
        <source>{name} was just scanned: not counted again</source>
        <translation>{name} 刚刚已扫过，不重复计</translation>
    </message>
    <message>
        <source>{name} had already signed in (duplicate, No. {n})</source>
        <translation>{name} 已签到过（重复，第 {n} 位）</translation>
    </message>
    <message>
        <source>{name} signed in (No. {n})</source>
        <translation>{name} 已签到（第 {n} 位）</translation>
    </message>
</context>
<context>
    <name>TodayPage</name>
    <message>
        <source>{n} min</source>
        <translation>{n} 分钟</translation>
    </message>
    <message>
        <source>{n} h</source>
        <translation>{n} 小时</translation>
    </message>
    <message>
        <source>Esc: back to counting. Click a text box to type.</source>
        <translation>Esc：回到计数。点击输入框即可输入文字。</translation>
    </message>
    <message>
        <source>Print visit &amp;report</source>
        <translation>打印活动记录表(&amp;R)</translation>
    </message>
    <message>
        <source>The visit report for the school to sign and stamp</source>
        <translation>活动记录表，供学校签字盖章</translation>
    </message>
    <message>
        <source>each </source>
        <translation>每次 </translation>
    </message>
    <message>
        <source>How many one key or button adds; back to 1 after each use</source>
        <translation>按一次键或按钮加多少；用过一次后回到 1</translation>
    </message>
    <message>
        <source>School / class (optional)</source>
        <translation>学校/班级（可不填）</translation>
    </message>
    <message>
        <source>Keyboard: nothing to count yet</source>
        <translation>键盘：尚未开始计数</translation>
    </message>
    <message>
        <source>Keyboard: counting 1–6</source>
        <translation>键盘：计数 1–6</translation>
    </message>
    <message>
        <source>Keyboard: typing text (Esc: count)</source>
        <translation>键盘：输入文字（Esc 回到计数）</translation>
    </message>
    <message>
        <source>{name} had already signed in: duplicate, not counted again (No. {n})</source>
        <translation>{name} 已签到过：重复，不再计数（第 {n} 位）</translation>
    </message>
    <message>
        <source>Print visit report</source>
        <translation>打印活动记录表</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
</TS>
