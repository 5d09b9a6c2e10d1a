"""Words that consent and permission dialogs use, in Chinese and English.

Every list is data: add a wording here and both the detector and the selector aliases learn it.
Matching is on *normalised* labels: lower case, punctuation and white space removed
("I agree!" -> "iagree", "同意 并继续" -> "同意并继续").
"""

from __future__ import annotations

import re

_JUNK = re.compile(r"[\W_]+", re.UNICODE)


def normalise(label: str) -> str:
    return _JUNK.sub("", label.replace("’", "'").replace("'", "")).lower()


def _any(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


# Button texts (full match on the normalised label).
AGREE_STRONG = _any(
    r"(我|您)?(已阅读并|已阅读|已知晓并)?(同意|接受)[^不拒]*",  # 同意, 同意并继续使用我们的服务 …
    r"同意并登录", r"确认同意", r"同意授权",
    r"(i)?(agree|accept)(all|andcontinue|continue|allcookies|cookies|andproceed|termsandconditions)?",
    r"yesiagree", r"agreeandstart", r"acceptandcontinue",
)
AGREE_WEAK = _any(
    r"确定", r"确认", r"好的?", r"(我)?知道了", r"继续(使用)?", r"下一步", r"进入(应用)?", r"开始使用",
    r"立即(体验|使用|进入)", r"去同意", r"返回同意", r"再想想", r"查看协议",
    r"ok(ay)?", r"continue", r"gotit", r"next", r"getstarted", r"yes", r"understood", r"goback",
)
REFUSE_STRONG = _any(
    r"(我)?(不同意|不接受|拒绝|暂不同意|暂不使用|暂不接受).*",  # 不同意，仅浏览; 拒绝并退出应用 …
    r"仅浏览", r"不使用", r"不用了", r"(仅|只)?使用基本功能", r"进入基础(功能)?模式",
    r"(i)?(disagree|decline|reject|refuse)(all|andexit|andquit)?", r"(i)?do(nt|not)agree",
    r"(i)?do(nt|not)accept", r"notnow", r"nothanks", r"denyall",
)
REFUSE_WEAK = _any(
    r"取消", r"退出", r"关闭", r"以后再说", r"稍后(再说)?", r"跳过",
    r"cancel", r"exit", r"quit", r"close", r"later", r"maybelater", r"no",
)
# On the "are you sure?" screen after a refusal: the control that confirms the refusal.
REFUSE_CONFIRM = _any(
    r"仍(然|旧)?(要)?(拒绝|不同意|退出)", r"依然(拒绝|不同意)", r"坚持(拒绝|不同意)", r"(狠心|残忍)拒绝",
    r"(确认|确定|仍要)?退出(应用|app)?", r"不同意并退出", r"放弃使用", r"确认拒绝",
    r"(still|stay)?(decline|disagree|refuse)(anyway)?", r"(decline|refuse)anyway", r"exit(app|anyway)?",
    r"quit(app)?", r"leave",
)
# The part of REFUSE_CONFIRM that only a confirmation screen says (it insists on a refusal made before).
REFUSE_INSIST = _any(
    r"仍(然|旧)?(要)?(拒绝|不同意|退出)", r"依然(拒绝|不同意)", r"坚持(拒绝|不同意)", r"(狠心|残忍)拒绝", r"确认拒绝",
    r"放弃使用", r"(still|stay)(decline|disagree|refuse)", r"(decline|refuse|disagree)anyway", r"exitanyway",
)
# On the app's own "withdraw consent" confirmation.
WITHDRAW_CONFIRM = _any(
    r"(确认|确定)?撤回(同意|授权)?", r"(确认|确定)(注销)?", r"(withdraw|revoke)(consent)?", r"confirm", r"ok", r"yes",
)

# Words that make a screen about privacy consent (substring match on the normalised label).
PRIVACY_CUE = _any(
    r"隐私", r"个人信息", r"用户协议", r"服务协议", r"使用协议", r"授权协议", r"许可协议", r"儿童.{0,4}保护",
    r"privacy", r"personalinformation", r"personaldata", r"termsofservice", r"termsofuse",
    r"useragreement", r"cookies?",
)
# A paragraph (longer text) that asks for consent even without naming the policy.
CONSENT_SENTENCE = _any(r"同意", r"授权", r"consent", r"agree")
POLICY_LINK = _any(
    r"隐私(权)?政策", r"隐私(保护)?(协议|指引|条款|声明)", r"用户(服务)?协议", r"服务协议",
    r"privacypolicy", r"privacynotice", r"termsofservice", r"termsofuse", r"useragreement",
)

# System permission dialogs (Android 6 .. 14, AOSP and common OEM skins).
PERMISSION_PACKAGES = ("com.android.permissioncontroller", "com.google.android.permissioncontroller",
                       "com.android.packageinstaller", "com.google.android.packageinstaller",
                       # OEM permission UIs: MIUI/HyperOS, ColorOS/realme/OnePlus (old and new), vivo, Huawei
                       "com.lbe.security.miui", "com.miui.securitycenter",
                       "com.coloros.securitypermission", "com.oplus.securitypermission",
                       "com.vivo.permissionmanager", "com.huawei.systemmanager")
PERMISSION_PACKAGE_PREFIXES = ("com.hihonor.",)  # Honor: com.hihonor.systemmanager, com.hihonor.permissioncontroller


def is_permission_package(package: str) -> bool:
    """Is ``package`` a system (AOSP or OEM) runtime-permission UI?"""
    return package in PERMISSION_PACKAGES or package.startswith(PERMISSION_PACKAGE_PREFIXES)

ALLOW_IDS = ("permission_allow_button", "permission_allow_foreground_only_button",
             "permission_allow_one_time_button", "permission_allow_always_button")
DENY_IDS = ("permission_deny_button", "permission_deny_and_dont_ask_again_button")
ALLOW_TEXT = _any(r"allow", r"allowonlywhileusingtheapp", r"whileusingtheapp", r"onlythistime",
                  r"允许", r"始终允许", r"仅(在)?使用(中|期间)允许", r"仅限这一次", r"本次(运行)?允许")
DENY_TEXT = _any(r"deny", r"dontallow", r"deny(and)?dontaskagain", r"拒绝", r"禁止", r"不允许",
                 r"拒绝(且|并)?不再询问", r"禁止(且|并)?不再询问")

# Upper bounds on a button's normalised label: longer texts are sentences, not buttons.
MAX_BUTTON_CJK = 16
MAX_BUTTON_LATIN = 32
_CJK = re.compile(r"[\u3400-\u9fff]")


def is_short(label: str) -> bool:
    norm = normalise(label)
    limit = MAX_BUTTON_CJK if _CJK.search(norm) else MAX_BUTTON_LATIN
    return 0 < len(norm) <= limit and "《" not in label


def full(pattern: re.Pattern[str], label: str) -> bool:
    return bool(is_short(label) and pattern.fullmatch(normalise(label)))


def contains(pattern: re.Pattern[str], label: str) -> bool:
    return bool(pattern.search(normalise(label)))


ALIASES: dict[str, tuple[re.Pattern[str], ...]] = {
    "agree": (AGREE_STRONG,),
    "agree_any": (AGREE_STRONG, AGREE_WEAK),
    "refuse": (REFUSE_STRONG,),
    "refuse_any": (REFUSE_CONFIRM, REFUSE_STRONG, REFUSE_WEAK),
    "refuse_confirm": (REFUSE_CONFIRM,),
    "withdraw_confirm": (WITHDRAW_CONFIRM,),
    "allow": (ALLOW_TEXT,),
    "deny": (DENY_TEXT,),
}
"""Selector aliases (``{alias: agree}``): a button whose label is one of these wordings."""

# Withdrawal of consent in the app's settings.
WITHDRAW_STRONG = _any(r"(确认|确定)?撤回(同意|授权)?", r"(确认|确定)?撤销(同意|授权)", r"(withdraw|revoke)(consent)?",
                       r"confirmwithdraw(al)?")
WITHDRAW_TOPIC = _any(r"撤回", r"撤销", r"withdraw", r"revoke")
