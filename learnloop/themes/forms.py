from django import forms


class ThemeForm(forms.Form):
    name = forms.CharField(label="Theme name", max_length=200)
    description = forms.CharField(
        label="What the theme covers", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
