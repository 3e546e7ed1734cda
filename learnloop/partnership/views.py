"""The lead officer's settings: the partnership, its members, agencies and subgroups."""

from __future__ import annotations

from django.contrib import messages
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from learnloop.accounts import services as account_services
from learnloop.accounts.forms import MemberForm, MembershipEditForm
from learnloop.accounts.models import Membership
from learnloop.accounts.permissions import can_manage_partnership
from learnloop.accounts.roles import ROLE_DESCRIPTIONS
from learnloop.core.scoping import member_required, require
from learnloop.partnership import services
from learnloop.partnership.forms import AgencyForm, PartnershipForm, SubgroupForm
from learnloop.partnership.models import Agency, Subgroup


@member_required
def settings_home(request: HttpRequest, m: Membership) -> HttpResponse:
    require(can_manage_partnership(m))
    form = PartnershipForm(request.POST or None, instance=m.partnership)
    if request.method == "POST" and form.is_valid():
        services.partnership_update(
            partnership=m.partnership,
            name=form.cleaned_data["name"],
            rag_amber_days=form.cleaned_data["rag_amber_days"],
            two_factor_roles=form.cleaned_data["two_factor_roles"],
        )
        messages.success(request, "Partnership settings saved.")
        return redirect("partnership:settings", slug=m.partnership.slug)
    return render(
        request,
        "partnership/settings.html",
        {
            "m": m,
            "form": form,
            "agencies": Agency.objects.filter(partnership=m.partnership),
            "subgroups": Subgroup.objects.filter(partnership=m.partnership),
        },
    )


@member_required
def member_list(request: HttpRequest, m: Membership) -> HttpResponse:
    require(can_manage_partnership(m))
    members = (
        Membership.objects.filter(partnership=m.partnership)
        .select_related("user", "agency")
        .prefetch_related("subgroups")
        .order_by("-is_active", "user__full_name")
    )
    return render(request, "partnership/member_list.html", {"m": m, "members": members, "roles": ROLE_DESCRIPTIONS})


@member_required
def member_add(request: HttpRequest, m: Membership) -> HttpResponse:
    require(can_manage_partnership(m))
    form = MemberForm(request.POST or None, partnership=m.partnership)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            membership = account_services.membership_create(
                partnership=m.partnership,
                email=data["email"],
                full_name=data["full_name"],
                role=data["role"],
                agency=data["agency"],
                subgroups=data["subgroups"],
                job_title=data["job_title"],
                by=request.user,
                invite_base_url=request.build_absolute_uri("/"),
            )
        except account_services.MembershipError as error:
            form.add_error("email", str(error))
        else:
            if membership.user.has_usable_password():
                messages.success(
                    request, f"{membership.user.full_name} added. They sign in with their existing account."
                )
            else:
                messages.success(request, f"{membership.user.full_name} added and sent a link to set their password.")
            return redirect("partnership:members", slug=m.partnership.slug)
    return render(request, "partnership/member_form.html", {"m": m, "form": form, "member": None})


@member_required
def member_edit(request: HttpRequest, m: Membership, pk: int) -> HttpResponse:
    require(can_manage_partnership(m))
    member = Membership.objects.filter(partnership=m.partnership, pk=pk).select_related("user", "partnership").first()
    if member is None:
        raise Http404
    form = MembershipEditForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            account_services.membership_update(
                membership=member,
                role=data["role"],
                agency=data["agency"],
                subgroups=data["subgroups"],
                is_active=data["is_active"],
            )
        except account_services.MembershipError as error:
            form.add_error("role", str(error))
        else:
            messages.success(request, f"{member.user.full_name}'s membership saved.")
            return redirect("partnership:members", slug=m.partnership.slug)
    from learnloop.accounts.two_factor import has_two_factor

    return render(
        request,
        "partnership/member_form.html",
        {"m": m, "form": form, "member": member, "member_has_two_factor": has_two_factor(member.user)},
    )


def _simple_form(
    request: HttpRequest, m: Membership, form_class: type, instance: object, saver, noun: str
) -> HttpResponse:
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        obj.partnership = m.partnership
        try:
            saver(obj, by=request.user)
        except IntegrityError:
            form.add_error("name", f"There is already {noun} called “{obj.name}”.")
        else:
            messages.success(request, f"{obj.name} saved.")
            return redirect("partnership:settings", slug=m.partnership.slug)
    return render(request, "partnership/simple_form.html", {"m": m, "form": form, "noun": noun, "obj": instance})


@member_required
def agency_form(request: HttpRequest, m: Membership, pk: int | None = None) -> HttpResponse:
    require(can_manage_partnership(m))
    agency = Agency(partnership=m.partnership)
    if pk is not None:
        agency = Agency.objects.filter(partnership=m.partnership, pk=pk).first()
        if agency is None:
            raise Http404
    return _simple_form(
        request, m, AgencyForm, agency, lambda o, by: services.agency_save(agency=o, by=by), "an agency"
    )


@member_required
def subgroup_form(request: HttpRequest, m: Membership, pk: int | None = None) -> HttpResponse:
    require(can_manage_partnership(m))
    subgroup = Subgroup(partnership=m.partnership)
    if pk is not None:
        subgroup = Subgroup.objects.filter(partnership=m.partnership, pk=pk).first()
        if subgroup is None:
            raise Http404
    return _simple_form(
        request, m, SubgroupForm, subgroup, lambda o, by: services.subgroup_save(subgroup=o, by=by), "a subgroup"
    )
