<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>SyncPage</name>
    <message>
        <source>Sync with the hub</source>
        <translation>与服务器同步</translation>
    </message>
    <message>
        <source>Changes waiting</source>
        <translation>待同步的更改</translation>
    </message>
    <message>
        <source>Hub</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Last successful sync</source>
        <translation>上次成功同步</translation>
    </message>
    <message>
        <source>Laptop clock</source>
        <translation>电脑时钟</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Changes the hub refused (with its reason)</source>
        <translation>服务器拒收的更改（及原因）</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Enroll this laptop</source>
        <translation>注册本机</translation>
    </message>
    <message>
        <source>Enroll</source>
        <translation>注册</translation>
    </message>
    <message>
        <source>Hub address</source>
        <translation>服务器地址</translation>
    </message>
    <message>
        <source>One-time code</source>
        <translation>一次性注册码</translation>
    </message>
    <message>
        <source>not enrolled</source>
        <translation>未注册</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <source>{s:+.1f} s from the hub&apos;s clock</source>
        <translation>与服务器时钟相差 {s:+.1f} 秒</translation>
    </message>
    <message>
        <source>This laptop&apos;s clock is off by {m:.0f} minutes. Set the correct time in Windows (sync keeps working, but records show the laptop&apos;s time).</source>
        <translation>这台电脑的时钟偏差约 {m:.0f} 分钟，请在 Windows 中校准时间（同步不受影响，但记录上显示的是电脑的时间）。</translation>
    </message>
    <message>
        <source>Caravan</source>
        <translation>大篷车</translation>
    </message>
    <message>
        <source>Laptop</source>
        <translation>笔记本电脑</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>School / site</source>
        <translation>学校/站点</translation>
    </message>
    <message>
        <source>Book / material</source>
        <translation>图书/物资</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>活动</translation>
    </message>
    <message>
        <source>Crew on/off duty</source>
        <translation>队员上岗/离岗</translation>
    </message>
    <message>
        <source>Head count</source>
        <translation>人数统计</translation>
    </message>
    <message>
        <source>Sign-in</source>
        <translation>签到</translation>
    </message>
    <message>
        <source>Stock movement</source>
        <translation>库存变动</translation>
    </message>
    <message>
        <source>Day close</source>
        <translation>日结</translation>
    </message>
    <message>
        <source>reachable</source>
        <translation>可以连接</translation>
    </message>
    <message>
        <source>not reachable; will retry</source>
        <translation>连不上，稍后自动重试</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <source>Syncing with the hub</source>
        <translation>正在与服务器同步</translation>
    </message>
    <message>
        <source>Stopping after the current step…</source>
        <translation>完成当前步骤后停止…</translation>
    </message>
    <message>
        <source>Sync stopped. Nothing is lost; sync again to finish.</source>
        <translation>同步已停止。数据不会丢失，再同步一次即可完成。</translation>
    </message>
    <message>
        <source>Synced: {pushed} sent, {pulled} received.</source>
        <translation>同步完成：上传 {pushed} 条，下载 {pulled} 条。</translation>
    </message>
    <message>
        <source>{n} changes were refused; see the list below.</source>
        <translation>有 {n} 条更改被服务器拒收，见下方列表。</translation>
    </message>
    <message>
        <source>Enter a new one-time code from the hub&apos;s operator below.</source>
        <translation>请在下方输入服务器管理员给的新注册码。</translation>
    </message>
    <message>
        <source>Enter the hub address and the one-time code.</source>
        <translation>请输入服务器地址和一次性注册码。</translation>
    </message>
    <message>
        <source>Enrolled with {server} (caravan {caravan}).</source>
        <translation>已注册到 {server}（车辆：{caravan}）。</translation>
    </message>
    <message>
        <source>Enrolling</source>
        <translation>正在注册</translation>
    </message>
</context>
</TS>
