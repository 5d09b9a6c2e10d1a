"""What a privacy policy's words mean: PI types (as the hook catalog's categories) and Android permissions.

Chinese policies name PI by the regulator's and GB/T 35273's words (设备标识符、IMEI、位置信息、通讯录、
应用安装列表 …) and permissions by their user-facing names (位置权限、相机权限、存储权限 …); English
policies by "device identifiers", "precise location", "installed apps" …. Each term maps to the
categories of ``monitor/catalog/categories.yaml``, so a policy's PI list compares directly with the
categories of the calls pimon observed.
"""

from __future__ import annotations

import re

# (regex, categories). Case-insensitive; matched against NFKC-normalised text.
PI_TERMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ((r"imei|meid|imsi|iccid|android\s*_?id|设备标识|设备识别码|设备序列号|硬件序列号|序列号|serial\s+number|"
     r"device\s+identifiers?|device\s+id\b|设备id|唯一设备识别"), ("device-id",)),
    (r"oaid|gaid|aaid|vaid|广告标识|advertising\s+id|idfa", ("advertising-id",)),
    ((r"mac\s*地址|mac\s+address|\bmac\b|bssid|ssid|wi-?fi\s*(?:信息|列表|状态|名称)|ip\s*地址|ip\s+address|"
     r"网络标识|wlan"), ("network-id",)),
    (r"(?:精确|粗略|地理)?位置信息|(?:精确|粗略|大致)位置|定位信息|地理位置|经纬度|gps|基站|\blocation|whereabouts|行踪", ("location",)),
    (r"通讯录|联系人|address\s+book|\bcontacts\b(?!\s+us)", ("contacts",)),
    (r"短信|sms|text\s+messages?", ("sms",)),
    (r"通话记录|通话日志|call\s+(?:log|history|records?)", ("call-log",)),
    (r"日历|calendar", ("calendar",)),
    (r"相册|照片|媒体文件|photos?\b|media\s+files?|gallery", ("media",)),
    ((r"应用(?:安装)?列表|已安装(?:的)?应用|安装(?:的)?应用(?:信息|列表)|软件(?:安装)?列表|应用程序列表|"
     r"installed\s+app(?:lication)?s?|app\s+list|list\s+of\s+(?:installed\s+)?app"), ("installed-apps",)),
    (r"运行中(?:的)?进程|正在运行的应用|running\s+(?:apps|processes)", ("running-apps",)),
    (r"剪切板|剪贴板|粘贴板|clipboard", ("clipboard",)),
    (r"传感器|加速度|陀螺仪|sensors?\b|accelerometer|gyroscope", ("sensors",)),
    (r"摄像头|相机|camera", ("camera",)),
    (r"麦克风|录音|语音|microphone|voice|audio\s+record", ("microphone",)),
    (r"蓝牙|bluetooth", ("bluetooth",)),
    (r"(?:本机)?手机号(?:码)?|电话号码|phone\s+numbers?", ("phone-number",)),
    (r"账户信息|账号信息|设备账户|accounts?\s+on\s+the\s+device", ("accounts",)),
    (r"运营商|sim\s*卡|网络类型|carrier|device\s+model|设备型号|操作系统版本", ("device-info",)),
    (r"浏览记录|书签|browsing\s+history|bookmarks", ("browser",)),
)

# Permission words -> android.permission.* names.
PERMISSION_TERMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"(?:位置|定位)权限|location\s+permission|access_(?:fine|coarse)_location",
     ("ACCESS_FINE_LOCATION", "ACCESS_COARSE_LOCATION")),
    (r"(?:相机|摄像头|拍照)权限|camera\s+permission", ("CAMERA",)),
    (r"(?:麦克风|录音)权限|microphone\s+permission", ("RECORD_AUDIO",)),
    (r"存储权限|(?:读写|读取)(?:外部)?存储|storage\s+permission",
     ("READ_EXTERNAL_STORAGE", "WRITE_EXTERNAL_STORAGE")),
    (r"(?:电话|设备信息|手机状态|读取电话状态)权限|phone\s+(?:state\s+)?permission", ("READ_PHONE_STATE",)),
    (r"通讯录权限|联系人权限|contacts\s+permission", ("READ_CONTACTS",)),
    (r"短信权限|sms\s+permission", ("READ_SMS",)),
    (r"日历权限|calendar\s+permission", ("READ_CALENDAR",)),
    (r"通话记录权限|call\s+log\s+permission", ("READ_CALL_LOG",)),
    (r"(?:通知|消息通知)权限|notification\s+permission", ("POST_NOTIFICATIONS",)),
    (r"蓝牙权限|bluetooth\s+permission", ("BLUETOOTH_CONNECT",)),
    (r"(?:身体活动|健身运动)权限|activity\s+recognition", ("ACTIVITY_RECOGNITION",)),
)
_EXPLICIT = re.compile(r"\b(?:android\.permission\.)?([A-Z][A-Z0-9]+(?:_[A-Z0-9]+)+)\b")
_KNOWN_PREFIXES = ("ACCESS_", "READ_", "WRITE_", "RECORD_", "CAMERA", "POST_", "BLUETOOTH", "CALL_", "SEND_",
                   "RECEIVE_", "GET_", "QUERY_", "BODY_", "ACTIVITY_", "REQUEST_", "SYSTEM_", "USE_", "MANAGE_")

_PI = [(re.compile(p, re.IGNORECASE), cats) for p, cats in PI_TERMS]
_PERM = [(re.compile(p, re.IGNORECASE), names) for p, names in PERMISSION_TERMS]


def pi_types(text: str) -> list[str]:
    """The catalog categories a piece of policy text names, sorted."""
    return sorted({c for rx, cats in _PI if rx.search(text) for c in cats})


def permissions(text: str) -> list[str]:
    """Android permissions the text names (by constant or by user-facing words), as full names, sorted."""
    out = {n for rx, names in _PERM if rx.search(text) for n in names}
    for m in _EXPLICIT.finditer(text):
        name = m.group(1)
        if name.startswith(_KNOWN_PREFIXES):
            out.add(name)
    return sorted(f"android.permission.{n}" for n in out)
