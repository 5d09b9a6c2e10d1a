"""Privacy policies: find the app's policy, extract what it promises (SDK list, PI types, permissions),
and turn it into the run's disclosure (``monitor.traffic.disclosure``)."""

from monitor.policy.extract import Policy, PolicySdk, extract_html

__all__ = ["Policy", "PolicySdk", "extract_html"]
